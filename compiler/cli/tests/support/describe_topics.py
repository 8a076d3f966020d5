"""Reads every topic of a Kafka cluster back with confluent-kafka's
AdminClient (librdkafka: a client independent of weft's own) and prints
{topic: {"partitions": N, "configs": {key: value}}} as JSON, for the keys
given on the command line. Used by compiler/cli/tests/topics.rs.

    python describe_topics.py HOST:PORT KEY...
"""
import json
import sys

from confluent_kafka.admin import AdminClient, ConfigResource

bootstrap, keys = sys.argv[1], set(sys.argv[2:])
admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 10000})
metadata = admin.list_topics(timeout=15)
result = {}
names = sorted(name for name in metadata.topics if not name.startswith("_"))
for name in names:
    result[name] = {"partitions": len(metadata.topics[name].partitions), "configs": {}}
if names:
    resources = [ConfigResource(ConfigResource.Type.TOPIC, name) for name in names]
    for resource, future in admin.describe_configs(resources, request_timeout=15).items():
        configs = future.result(timeout=15)
        result[resource.name]["configs"] = {
            key: entry.value for key, entry in configs.items() if key in keys and entry.value is not None
        }
print(json.dumps(result, sort_keys=True))

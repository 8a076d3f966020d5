//! Through a real Kafka-protocol broker (the `kafka` feature; the broker's
//! address comes from `WEFT_KAFKA_BOOTSTRAP`, its topics from
//! `weft topics apply`): the MES publishes `ScheduleChanged` v2 with its
//! generated publisher over its `KafkaBroker`; the WMS, which reads v1,
//! consumes it with its generated consumer over its own `KafkaBroker`:
//! dispatched by version, keyed, the JSON bytes as published, handled once,
//! and a poison message lands on the dead-letter topic.
#![cfg(feature = "kafka")]

use loopback_e2e::{poison, schedule_changed_v2, Staging};
use mes::generated::bus::kafka::KafkaBroker as MesKafka;
use mes::generated::events::Publisher;
use mes::generated::models::ScheduleChangedV2;
use wms::generated::bus::kafka::KafkaBroker;
use wms::generated::bus::Broker;
use wms::generated::events::{Consumer, Outcome};

fn bootstrap() -> Vec<String> {
    vec![std::env::var("WEFT_KAFKA_BOOTSTRAP").expect("WEFT_KAFKA_BOOTSTRAP names the broker")]
}

#[tokio::test]
async fn a_v1_consumer_reads_v2_events_through_kafka() {
    let publisher = Publisher::new(MesKafka::connect(bootstrap()).await.expect("MES connects"));
    let v2 = schedule_changed_v2("7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "101234567891");
    let payload: ScheduleChangedV2 = serde_json::from_str(&v2).expect("a v2 payload");
    publisher
        .publish_schedule_changed_v2(&payload)
        .await
        .expect("published");
    // A redelivery of the same change.
    publisher
        .publish_schedule_changed_v2(&payload)
        .await
        .expect("published again");

    let broker = std::sync::Arc::new(
        KafkaBroker::connect(bootstrap())
            .await
            .expect("WMS connects"),
    );
    // What the broker holds is what the publisher wrote: key, headers, JSON.
    let stored = broker
        .fetch("production.schedule_changed.v2", 0, 10)
        .await
        .expect("fetched");
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert_eq!(
        stored[0].key.as_deref(),
        Some("101234567891"),
        "keyed by order_number"
    );
    assert_eq!(
        stored[0].headers.get("weft-version").map(String::as_str),
        Some("2")
    );
    let wire: serde_json::Value = serde_json::from_slice(&stored[0].value).expect("JSON");
    assert_eq!(
        wire,
        serde_json::from_str::<serde_json::Value>(&v2).expect("JSON")
    );

    broker.publish(poison()).await.expect("poison published");

    let consumer = Consumer::new(Staging::default(), broker.clone());
    let outcomes = consumer.poll().await.expect("consumed");
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert_eq!(outcomes[..2], [Outcome::Handled, Outcome::Duplicate]);
    assert!(
        matches!(&outcomes[2], Outcome::DeadLetter(reason) if !reason.is_empty()),
        "{outcomes:?}"
    );
    let seen = consumer.handler().seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].version, 2, "read from the v2 topic");
    assert_eq!(seen[0].key.as_deref(), Some("101234567891"));
    assert_eq!(seen[0].payload.order_number, "101234567891");
    let dead = broker
        .fetch("production.schedule_changed.v2.dlq", 0, 10)
        .await
        .expect("dead letters");
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0].value, b"{not json");
    assert!(dead[0].headers.contains_key("weft-error"), "{dead:?}");
    // Nothing new: a second poll handles nothing.
    assert!(consumer.poll().await.expect("consumed").is_empty());
}

/// A topic the cluster does not have is an error after the broker's
/// timeout, not a hang.
#[tokio::test]
async fn an_unknown_topic_is_an_error_after_the_timeout() {
    let broker = KafkaBroker::connect(bootstrap())
        .await
        .expect("WMS connects")
        .with_timeout(std::time::Duration::from_secs(2));
    let started = std::time::Instant::now();
    let error = broker
        .fetch("production.no_such_event.v1", 0, 10)
        .await
        .expect_err("no such topic");
    assert!(error.0.contains("production.no_such_event.v1"), "{error}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

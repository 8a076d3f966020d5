//! The MES publishes `ScheduleChanged` v2 through its generated publisher;
//! the WMS, which reads v1 (FULL_TRANSITIVE lets it), consumes it through
//! its generated consumer: once per `change_id`, with poison messages sent
//! to the dead-letter topic.

use loopback_e2e::{poison, schedule_changed_v2, Staging};
use mes::generated::bus::InMemoryBroker as MesBroker;
use mes::generated::events::Publisher;
use mes::generated::models::ScheduleChangedV2;
use wms::generated::bus::{InMemoryBroker, Message};
use wms::generated::events::{Consumer, Outcome};

#[tokio::test]
async fn a_v1_consumer_reads_v2_events_once_and_dead_letters_poison() {
    let mes_broker = MesBroker::new();
    let publisher = Publisher::new(mes_broker);
    let v2 = schedule_changed_v2("3f2b8c1e-7d4a-4e5b-9c6d-1a2b3c4d5e6f", "101234567890");
    let payload: ScheduleChangedV2 = serde_json::from_str(&v2).expect("a v2 payload");
    publisher
        .publish_schedule_changed_v2(&payload)
        .await
        .expect("published");
    // A redelivery of the same change.
    publisher
        .publish_schedule_changed_v2(&payload)
        .await
        .expect("published");

    let published = publisher
        .broker()
        .messages("production.schedule_changed.v2");
    assert_eq!(published.len(), 2);
    assert_eq!(
        published[0].key.as_deref(),
        Some("101234567890"),
        "keyed by order_number"
    );
    let wire: serde_json::Value = serde_json::from_slice(&published[0].value).expect("JSON");
    assert_eq!(
        wire,
        serde_json::from_str::<serde_json::Value>(&v2).expect("JSON")
    );

    // The same bytes on the WMS's side of the wire, plus one poison message.
    let broker = std::sync::Arc::new(InMemoryBroker::new());
    use wms::generated::bus::Broker;
    for message in published {
        broker
            .publish(Message {
                topic: message.topic,
                key: message.key,
                headers: message.headers,
                value: message.value,
            })
            .await
            .expect("copied");
    }
    broker.publish(poison()).await.expect("poison");

    let consumer = Consumer::new(Staging::default(), broker.clone());
    let outcomes = consumer.poll().await.expect("consumed");
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert_eq!(outcomes[0], Outcome::Handled);
    assert_eq!(outcomes[1], Outcome::Duplicate);
    assert!(
        matches!(outcomes[2], Outcome::DeadLetter(_)),
        "{outcomes:?}"
    );
    let seen = consumer.handler().seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].version, 2, "read from the v2 topic");
    assert_eq!(seen[0].payload.order_number, "101234567890");
    let dead = broker.messages("production.schedule_changed.v2.dlq");
    assert_eq!(dead.len(), 1);
    assert!(dead[0].headers.contains_key("weft-error"));
    // Nothing new: a second poll handles nothing.
    assert!(consumer.poll().await.expect("consumed").is_empty());
}

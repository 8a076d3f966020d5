//! The MES publishes `ScheduleChanged` v2 through its generated publisher;
//! the WMS, which reads v1 (FULL_TRANSITIVE lets it), consumes it through
//! its generated consumer: once per `change_id`, with poison messages sent
//! to the dead-letter topic.

use mes::generated::bus::InMemoryBroker as MesBroker;
use mes::generated::events::Publisher;
use mes::generated::models::ScheduleChangedV2;
use std::sync::Mutex;
use wms::generated::bus::{InMemoryBroker, Message};
use wms::generated::events::{Consumer, Envelope, Handler, HandlerError, Outcome};
use wms::generated::models::{GoodsReceiptPostedV1, PurchaseOrderChangedV1, ScheduleChangedV1};

const V2: &str = r#"{"change_id":"3f2b8c1e-7d4a-4e5b-9c6d-1a2b3c4d5e6f","changed_at":"2025-03-14T09:30:00Z","cost_delta":{"amount":"1.0000","currency":"EUR"},"material":"A","new_finish":"2025-03-14","new_start":"2025-03-14","order_number":"101234567890","plant":"DE01","previous_start":"2025-03-14","priority":"LOW","quantity":{"unit":"H87","unit_code":"exa","value":"1.000000"},"reason":"CAPACITY"}"#;

#[derive(Default)]
struct Staging {
    seen: Mutex<Vec<Envelope<ScheduleChangedV1>>>,
}

impl Handler for Staging {
    async fn on_purchase_order_changed_v1(
        &self,
        _event: Envelope<PurchaseOrderChangedV1>,
    ) -> Result<(), HandlerError> {
        Ok(())
    }

    async fn on_schedule_changed_v1(
        &self,
        event: Envelope<ScheduleChangedV1>,
    ) -> Result<(), HandlerError> {
        self.seen.lock().unwrap().push(event);
        Ok(())
    }

    async fn on_goods_receipt_posted_v1(
        &self,
        _event: Envelope<GoodsReceiptPostedV1>,
    ) -> Result<(), HandlerError> {
        Ok(())
    }
}

#[tokio::test]
async fn a_v1_consumer_reads_v2_events_once_and_dead_letters_poison() {
    let mes_broker = MesBroker::new();
    let publisher = Publisher::new(mes_broker);
    let payload: ScheduleChangedV2 = serde_json::from_str(V2).expect("a v2 payload");
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
        serde_json::from_str::<serde_json::Value>(V2).expect("JSON")
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
    broker
        .publish(Message {
            topic: "production.schedule_changed.v2".into(),
            key: None,
            headers: Default::default(),
            value: b"{not json".to_vec(),
        })
        .await
        .expect("poison");

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

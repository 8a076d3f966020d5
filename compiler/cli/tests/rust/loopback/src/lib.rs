//! What the tests in `tests/` share: the WMS's event handler, which records
//! the `ScheduleChanged` events it reads, and a `ScheduleChanged` v2 payload.

use std::sync::Mutex;
use wms::generated::bus::Message;
use wms::generated::events::{Envelope, Handler, HandlerError};
use wms::generated::models::{GoodsReceiptPostedV1, PurchaseOrderChangedV1, ScheduleChangedV1};

/// A `ScheduleChanged` v2 payload as JSON, for the change `change_id` of
/// the order `order_number` (the event's partition key).
pub fn schedule_changed_v2(change_id: &str, order_number: &str) -> String {
    const PAYLOAD: &str = r#"{"change_id":"CHANGE","changed_at":"2025-03-14T09:30:00Z","cost_delta":{"amount":"1.0000","currency":"EUR"},"material":"A","new_finish":"2025-03-14","new_start":"2025-03-14","order_number":"ORDER","plant":"DE01","previous_start":"2025-03-14","priority":"LOW","quantity":{"unit":"H87","unit_code":"exa","value":"1.000000"},"reason":"CAPACITY"}"#;
    PAYLOAD
        .replace("CHANGE", change_id)
        .replace("ORDER", order_number)
}

/// A message on the `ScheduleChanged` v2 topic that is not JSON: the
/// consumer must send it to the dead-letter topic.
pub fn poison() -> Message {
    Message {
        topic: "production.schedule_changed.v2".into(),
        key: None,
        headers: Default::default(),
        value: b"{not json".to_vec(),
    }
}

/// The WMS's handler: keeps every `ScheduleChanged` it is given.
#[derive(Default)]
pub struct Staging {
    /// The `ScheduleChanged` events handled, in order.
    pub seen: Mutex<Vec<Envelope<ScheduleChangedV1>>>,
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
        self.seen
            .lock()
            .map_err(|_| HandlerError::Permanent("a test thread panicked".into()))?
            .push(event);
        Ok(())
    }

    async fn on_goods_receipt_posted_v1(
        &self,
        _event: Envelope<GoodsReceiptPostedV1>,
    ) -> Result<(), HandlerError> {
        Ok(())
    }
}

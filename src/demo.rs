//! PLACEHOLDER: replaced by the demo generator.
use crate::domain::Currency;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
/// Options.
pub struct DemoOptions {
    pub customers: usize,
    pub seed: u64,
    pub today: NaiveDate,
    pub now: i64,
    pub currency: Currency,
}
/// Summary.
#[derive(serde::Serialize)]
pub struct DemoSummary {
    pub customers: usize,
    pub orgs: usize,
    pub interactions: usize,
    pub follow_ups: usize,
    pub deals: usize,
}
/// Generate.
pub fn generate(_store: &mut Store, _opts: &DemoOptions) -> Result<DemoSummary, StoreError> {
    Err(StoreError::Invalid("demo not ready".into()))
}

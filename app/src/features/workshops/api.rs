//! Server functions for the facilitator's pages. Phones use the REST API (`/api/v1/join`,
//! `/api/v1/workshops/{id}/…`): their small bundle carries no server-function machinery.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::dto::{NewWorkshop, WorkshopCreated, WorkshopSummary, WorkshopView};
use crate::domain::ids::{StudyId, WorkshopId};
use crate::domain::workshop::{Control, WorkshopState};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "workshops/list")]
pub async fn list_workshops(study_id: StudyId) -> Result<Vec<WorkshopSummary>, AppError> {
    crate::ports::call(ListWorkshops { study_id }).await
}

#[server(prefix = "/sfn", endpoint = "workshops/create", input = Json)]
pub async fn create_workshop(
    study_id: StudyId,
    workshop: NewWorkshop,
) -> Result<WorkshopCreated, AppError> {
    crate::ports::call(CreateWorkshop { study_id, workshop }).await
}

#[server(prefix = "/sfn", endpoint = "workshops/get")]
pub async fn get_workshop(workshop_id: WorkshopId) -> Result<WorkshopView, AppError> {
    crate::ports::call(GetWorkshop { workshop_id }).await
}

#[server(prefix = "/sfn", endpoint = "workshops/control", input = Json)]
pub async fn control_workshop(
    workshop_id: WorkshopId,
    control: Control,
) -> Result<WorkshopState, AppError> {
    crate::ports::call(ControlWorkshop {
        workshop_id,
        control,
    })
    .await
}

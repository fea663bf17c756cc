//! HTTP handlers, one module per resource. Each module's `router()` registers its handlers
//! together with their OpenAPI description, so the document cannot drift from the routes.

pub mod csv_upload;
pub mod health;
pub mod patient_auth;
pub mod patient_reports;
pub mod patient_settings;
pub mod staff_admin;
pub mod staff_audit;
pub mod staff_auth;
pub mod staff_case_actions;
pub mod staff_case_notifications;
pub mod staff_case_safety;
pub mod staff_cases;
pub mod staff_implementation_reports;
pub mod staff_inpatient;
pub mod staff_intake;
pub mod staff_notifications;
pub mod staff_org_settings;
pub mod staff_reports;
pub mod staff_test_counts;
pub mod staff_worklist;

use crate::state::AppState;
use mimamori_shared::api::Problem;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The OpenAPI document's fixed parts; paths and schemas are added by the routers.
#[derive(OpenApi)]
#[openapi(
    info(title = "Mimamori API", description = "Health follow-up of people recovering at home."),
    components(schemas(Problem)),
    tags(
        (name = "patient", description = "The patient app"),
        (name = "staff", description = "The staff console"),
        (name = "operations", description = "Health checks")
    )
)]
pub struct ApiDoc;

/// Every API route with its documentation.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(patient_auth::router())
        .merge(patient_reports::router())
        .merge(patient_settings::router())
        .merge(staff_auth::router())
        .merge(staff_audit::router())
        .merge(staff_reports::router())
        .merge(staff_worklist::router())
        .merge(staff_cases::router())
        .merge(staff_intake::router())
        .merge(staff_admin::router())
        .merge(staff_case_actions::router())
        .merge(staff_case_safety::router())
        .merge(staff_notifications::router())
        .merge(staff_org_settings::router())
        .merge(staff_implementation_reports::router())
        .merge(staff_inpatient::router())
        .merge(staff_test_counts::router())
        .merge(staff_case_notifications::router())
}

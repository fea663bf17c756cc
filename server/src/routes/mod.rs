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
use mimamori_shared::ids;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa_axum::router::OpenApiRouter;

/// The OpenAPI document's fixed parts; paths and schemas are added by the routers.
#[derive(OpenApi)]
#[openapi(
    info(title = "Mimamori API", description = "Health follow-up of people recovering at home."),
    // The typed ids the path parameters (`mimamori_shared::api::paths`) refer to.
    components(schemas(
        Problem,
        ids::CaseId,
        ids::ReportId,
        ids::FindingId,
        ids::ContractId,
        ids::CaseNotificationId,
        ids::OrgId,
        ids::StaffId,
        ids::ImplementationReportId
    )),
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

/// The content type of every error (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Finishes the document the routers built: every response whose body is a [`Problem`] is
/// `application/problem+json`, the content type the server sends errors with
/// ([`crate::error::ApiError`]), and every operation lists the errors every request of its
/// shape can meet, which no handler writes itself: 429 and 503 (the rate limit and the
/// overload guard in front of every route), 400, 415 and 422 with a body (`ApiJson`), 404
/// with a path parameter (`ApiPath`: an id that cannot exist), 422 with query parameters
/// (`ApiQuery`). A handler's own description of one of these stays.
pub fn finish_document(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            mark_problem_responses(operation);
            add_shared_errors(operation);
        }
    }
}

const PROBLEM_REF: &str = "#/components/schemas/Problem";

fn mark_problem_responses(operation: &mut Operation) {
    for response in operation.responses.responses.values_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_problem = response.content.get("application/json").is_some_and(
            |c| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location == PROBLEM_REF),
        );
        if is_problem && let Some(content) = response.content.shift_remove("application/json") {
            response.content.insert(PROBLEM_JSON.to_owned(), content);
        }
    }
}

fn add_shared_errors(operation: &mut Operation) {
    let has_parameter = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|p| p.parameter_in == place)
    };
    let mut shared = vec![
        (
            "429",
            "`rate_limited`: too many requests; retry after `Retry-After` seconds",
        ),
        (
            "503",
            "`unavailable`: overloaded, timed out or the database is away; retry after `Retry-After` seconds",
        ),
    ];
    if operation.request_body.is_some() {
        shared.push(("400", "`malformed_request`: the body does not parse"));
        shared.push((
            "415",
            "`unsupported_media_type`: the body is not of the declared type",
        ));
        shared.push(("422", "`validation`: fields that are not valid, each named"));
    }
    if has_parameter(ParameterIn::Path) {
        shared.push((
            "404",
            "`not_found`: no such record for the caller (also an id that cannot exist)",
        ));
    }
    if has_parameter(ParameterIn::Query) {
        shared.push((
            "422",
            "`validation`: query parameters that are not valid, each named",
        ));
    }
    for (status, description) in shared {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::T(problem_response(description)));
    }
}

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

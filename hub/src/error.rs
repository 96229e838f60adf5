//! The one error shape of every 4xx and 5xx answer: `{"error": {"code": …, "message": …}}`,
//! with a stable `code` programs branch on and a human `message`. Internal failures are
//! logged with their cause and answered with `internal` and nothing else (no SQL, no stack).

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use campanile_core::practices::practice::PracticeError;
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer: its HTTP status, stable code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code (`auth.forbidden`, `practice.transition-refused`, …).
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// An error's code and message.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: programs branch on it, never on the message.
    #[schema(example = "auth.forbidden")]
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
}

impl ApiError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request is malformed.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422: well-formed, but a value is not acceptable.
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// 401: no valid bearer token.
    pub fn unauthenticated(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// 403: the caller's role does not allow this.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "auth.forbidden", message)
    }

    /// 404: nothing there (or nothing the caller may see).
    pub fn not_found(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 500: logged with its cause; the answer says only that the hub failed.
    pub fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the hub failed to answer; try again later",
        )
    }

    fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"campanile-hub\""),
            );
        }
        res
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError::internal(&e)
    }
}

impl From<PracticeError> for ApiError {
    fn from(e: PracticeError) -> ApiError {
        match &e {
            PracticeError::NotFound { .. } => {
                ApiError::not_found("practice.not-found", e.to_string())
            }
            PracticeError::Exists { .. } => {
                ApiError::new(StatusCode::CONFLICT, "practice.exists", e.to_string())
            }
            PracticeError::Transition { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "practice.transition-refused",
                e.to_string(),
            ),
            PracticeError::TimeBackwards { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "practice.time-backwards",
                e.to_string(),
            ),
            PracticeError::Field { .. } => {
                ApiError::unprocessable("practice.bad-field", e.to_string())
            }
            PracticeError::Clock { .. } => {
                ApiError::unprocessable("practice.bad-dates", e.to_string())
            }
            PracticeError::Db(_) | PracticeError::Feed(_) | PracticeError::Corrupt(_) => {
                ApiError::internal(&e)
            }
        }
    }
}

/// The answer of a route that does not exist.
pub async fn not_found() -> ApiError {
    ApiError::not_found("not-found", "no such route")
}

/// Middleware: an error answer that is not already the one shape (a method not allowed, a
/// body over the limit refused by a layer, a panic caught) is rewritten into it.
pub async fn one_shape(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method-not-allowed", "this route does not take that method")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("request.too-large", "the request body is over the limit")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("request.media-type", "send the body as application/json")
        }
        StatusCode::NOT_FOUND => ("not-found", "no such route"),
        s if s.is_server_error() => ("internal", "the hub failed to answer; try again later"),
        _ => ("bad-request", "the request was refused"),
    };
    let mut out = ApiError::new(status, code, message).into_response();
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

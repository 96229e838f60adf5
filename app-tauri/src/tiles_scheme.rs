//! The offline basemap through the `tiles://` scheme: MapLibre asks for
//! `tiles://localhost/{z}/{x}/{y}.pbf` (`http://tiles.localhost/…` on Windows) and gets the
//! tile from the core's tiles part; `tiles_info` tells the page the archive's zooms, bounds and
//! layers to build its style.

use campanile_core::opendata::tiles::TileFormat;
use campanile_core::{Error, TileArchive, TilesInfo};
use tauri::http::{Response, StatusCode, header};
use tauri::{Manager, Runtime, State, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

/// Answers one request of the scheme, off the webview's thread.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: tauri::http::Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let Some(state) = ctx.app_handle().try_state::<AppState>() else {
        responder.respond(status(StatusCode::SERVICE_UNAVAILABLE));
        return;
    };
    let archive = state.tiles.clone();
    let path = request.uri().path().to_string();
    tauri::async_runtime::spawn_blocking(move || responder.respond(tile_response(&archive, &path)));
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    r
}

/// Reads `/{z}/{x}/{y}[.pbf|.mvt|.png|…]`.
pub fn parse_path(path: &str) -> Option<(u8, u32, u32)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let z = parts.next()?.parse().ok()?;
    let x = parts.next()?.parse().ok()?;
    let y_part = parts.next()?;
    let y = y_part.split('.').next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some((z, x, y))
}

/// The response to a tile path: the tile's bytes (gzip removed), 204 for a tile the archive
/// does not have (open sea: the map shows its background), 400 for a path that is no tile.
pub fn tile_response(archive: &TileArchive, path: &str) -> Response<Vec<u8>> {
    let Some((z, x, y)) = parse_path(path) else {
        return status(StatusCode::BAD_REQUEST);
    };
    match archive.tile(z, x, y, true) {
        Ok(tile) => {
            let kind = match tile.format {
                TileFormat::Png => "image/png",
                TileFormat::Jpeg => "image/jpeg",
                TileFormat::Webp => "image/webp",
                _ => "application/x-protobuf",
            };
            let mut r = status(StatusCode::OK);
            r.headers_mut()
                .insert(header::CONTENT_TYPE, header::HeaderValue::from_static(kind));
            *r.body_mut() = tile.data;
            r
        }
        Err(e) if e.code == "tiles.absent" => status(StatusCode::NO_CONTENT),
        Err(e) => {
            tracing::warn!(code = %e.code, "tile {z}/{x}/{y}: {}", e.message);
            status(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// What the basemap holds (zooms, bounds, centre, layers), for the page's map style.
#[tauri::command]
pub async fn tiles_info(state: State<'_, AppState>) -> Result<TilesInfo, Error> {
    state.tiles.info()
}

#[cfg(test)]
mod tests {
    use super::parse_path;

    #[test]
    fn tile_paths_are_z_x_y_with_any_extension() {
        assert_eq!(parse_path("/12/2200/1500.pbf"), Some((12, 2200, 1500)));
        assert_eq!(parse_path("0/0/0"), Some((0, 0, 0)));
        assert_eq!(parse_path("/1/2"), None);
        assert_eq!(parse_path("/1/2/3/4.pbf"), None);
        assert_eq!(parse_path("/300/0/0.pbf"), None, "zoom is a byte");
        assert_eq!(parse_path("/a/b/c.pbf"), None);
    }
}

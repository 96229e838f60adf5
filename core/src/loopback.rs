//! A one-shot listener on a loopback port of this machine, where the system browser comes
//! back to the app (RFC 8252 §7.3): the hub's sign-in (SPID, CIE) and pagoPA Checkout's return
//! both end there on a desktop or the command line. Only `GET` to the paths waited for is
//! answered with the page; anything else (a favicon, a probe) gets 404 and the wait goes on.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A listener on a free port of 127.0.0.1.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    base: String,
}

/// Where the browser came back: the path and the query (without `?`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// One of the paths waited for.
    pub path: String,
    /// The query, as sent.
    pub query: String,
    /// The whole address it came back to.
    pub url: String,
}

impl Loopback {
    /// A listener on a free port of 127.0.0.1.
    pub async fn bind() -> std::io::Result<Loopback> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        Ok(Loopback {
            listener,
            base: format!("http://127.0.0.1:{port}"),
        })
    }

    /// The address of `path` (which starts with `/`) on this listener.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Waits up to `timeout` for the browser to come back to one of `paths`; `page` writes
    /// the HTML it is shown. None when the time ran out.
    pub async fn wait(
        self,
        paths: &[&str],
        timeout: Duration,
        page: impl Fn(&Arrival) -> String,
    ) -> Option<Arrival> {
        let waiting = async {
            loop {
                let Ok((mut stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let Some(target) = read_target(&mut stream).await else {
                    continue;
                };
                let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
                if !paths.contains(&path) {
                    answer(&mut stream, 404, "Not Found", "").await;
                    continue;
                }
                let arrival = Arrival {
                    path: path.to_string(),
                    query: query.to_string(),
                    url: format!("{}{target}", self.base),
                };
                answer(&mut stream, 200, "OK", &page(&arrival)).await;
                return arrival;
            }
        };
        tokio::time::timeout(timeout, waiting).await.ok()
    }
}

/// A small HTML page: a title and one paragraph, in `lang`.
pub fn page(lang: &str, title: &str, words: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{}</title><h1>{}</h1><p>{}</p></html>",
        escape(lang),
        escape(title),
        escape(title),
        escape(words)
    )
}

/// The request target of one `GET` (its head, up to 16 KiB).
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > 16 * 1024 {
            return None;
        }
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next()?.split(' ');
    let (method, target) = (parts.next()?, parts.next()?);
    (method == "GET").then(|| target.to_string())
}

async fn answer(stream: &mut TcpStream, status: u16, reason: &str, html: &str) {
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n",
        html.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(html.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    async fn get(url: &str) -> String {
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_once('/').unwrap();
        let mut s = TcpStream::connect(host).await.unwrap();
        s.write_all(format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn the_browser_comes_back_to_a_path_waited_for() {
        let lb = Loopback::bind().await.unwrap();
        let ok = lb.url("/pay/ok");
        let probe = lb.url("/favicon.ico");
        let waiting = tokio::spawn(lb.wait(
            &["/pay/ok", "/pay/cancel"],
            Duration::from_secs(10),
            |a| page("en", "Back", &format!("<{}>", a.path)),
        ));
        assert!(get(&probe).await.starts_with("HTTP/1.1 404"));
        let shown = get(&format!("{ok}?outcome=0")).await;
        assert!(shown.starts_with("HTTP/1.1 200"), "{shown}");
        assert!(shown.contains("&lt;/pay/ok&gt;"), "{shown}");
        let arrival = waiting.await.unwrap().unwrap();
        assert_eq!(arrival.path, "/pay/ok");
        assert_eq!(arrival.query, "outcome=0");
        assert_eq!(arrival.url, format!("{ok}?outcome=0"));
    }

    #[tokio::test]
    async fn nobody_coming_back_ends_the_wait() {
        let lb = Loopback::bind().await.unwrap();
        assert_eq!(
            lb.wait(&["/x"], Duration::from_millis(50), |_| String::new())
                .await,
            None
        );
    }
}

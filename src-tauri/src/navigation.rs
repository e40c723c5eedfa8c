//! The window shows the app's own pages and nothing else: a navigation anywhere else (a link
//! in pasted text, a redirect) is refused, so no remote content can run with the app's rights.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether `url` is one of the app's own pages (served by Tauri's custom protocol: `tauri://`
/// on Linux and macOS, `http(s)://tauri.localhost` on Windows).
pub fn is_own_page(url: &Url) -> bool {
    url.scheme() == "tauri"
        || (matches!(url.scheme(), "http" | "https") && url.host_str() == Some("tauri.localhost"))
}

/// A plugin that refuses every navigation to a page that is not the app's own.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_own_page(url))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_allowed() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(is_own_page(&url("tauri://localhost/index.html")));
        assert!(is_own_page(&url("http://tauri.localhost/index.html")));
        assert!(!is_own_page(&url("https://example.org/")));
        assert!(!is_own_page(&url("http://localhost:8080/")));
        assert!(!is_own_page(&url("file:///etc/passwd")));
        assert!(!is_own_page(&url("http://tauri.localhost.evil.example/")));
    }
}

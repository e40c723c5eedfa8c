//! The window shows only the app's own pages: navigating to a real web server on 127.0.0.1
//! (started here) is refused before any request reaches it, and the app stays usable.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use regiolab_e2e::{seed, App};

#[tokio::test]
async fn the_window_refuses_to_navigate_to_a_remote_page() {
    // A real server that would show "remote" to anyone who asked.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counted.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<p id=remote>remote</p>",
            );
        }
    });

    let app = App::launch(seed).await;
    app.wait_for("[data-testid=workshop-row]").await;
    let own = app.driver().current_url().await.unwrap();
    assert_eq!(own.scheme(), "tauri", "the app's own page: {own}");
    for target in [
        format!("http://127.0.0.1:{port}/"),
        format!("https://127.0.0.1:{port}/"),
    ] {
        app.driver()
            .execute(&format!("window.location.href = {target:?};"), Vec::new())
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(800)).await;
        let now = app.driver().current_url().await.unwrap();
        assert_eq!(
            now.scheme(),
            "tauri",
            "navigation to {target} was not refused: {now}"
        );
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the server was never asked");
    // Still the app: its list is there and answers.
    app.wait_for("[data-testid=workshop-row]").await;
    app.quit().await;
}

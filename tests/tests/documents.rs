//! Documents in the real app: from a workshop's planning view, "Dokumente" writes the
//! certificates, the sign-in sheet and the badges as PDF into the exports folder; a bad grid is
//! refused in place.

mod common;

use common::{seed_anna_here, App};
use thirtyfour::prelude::*;

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install -y poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn certificates_sign_in_sheet_and_badges_are_written_from_the_planning_view() {
    let app = App::launch(seed_anna_here).await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_text("[data-testid=overview-week]", "Cobots in der Fertigung")
        .await;
    app.click("[data-testid=overview-workshop]").await;
    app.wait_for("[data-testid=plan-screen]").await;
    app.click("[data-testid=plan-documents]").await;

    app.click("[data-testid=docs-certificates]").await;
    let said = app
        .wait_text("[data-testid=docs-result]", "1 Teilnahmebescheinigung (ab")
        .await;
    let folder = std::path::PathBuf::from(said.split(" gespeichert in ").nth(1).unwrap().trim());
    assert!(folder.starts_with(app.exports_dir()), "{said}");
    let anna = folder.join("Teilnahmebescheinigung_Müller_Anna.pdf");
    assert!(pdf_text(&anna).contains("Anna Müller"));
    assert!(pdf_text(&folder.join("Alle.pdf")).contains("Cobots in der Fertigung"));

    app.click("[data-testid=docs-sign-in]").await;
    let said = app
        .wait_text("[data-testid=docs-result]", "Unterschriftenliste")
        .await;
    let sheet = app
        .exports_dir()
        .join("Unterschriftenliste Cobots in der Fertigung.pdf");
    assert!(said.contains(&sheet.display().to_string()), "{said}");
    assert!(pdf_text(&sheet).contains("Weiß, Jörg"));

    let grid = app.wait_for("[data-testid=docs-grid]").await;
    grid.clear().await.unwrap();
    grid.send_keys("9x9").await.unwrap();
    app.click("[data-testid=docs-badges]").await;
    app.wait_text("[data-testid=docs-error]", "Raster").await;
    assert!(!app
        .exports_dir()
        .join("Namensschilder Cobots in der Fertigung.pdf")
        .exists());
    grid.clear().await.unwrap();
    grid.send_keys("2x4").await.unwrap();
    app.click("[data-testid=docs-badges]").await;
    app.wait_text("[data-testid=docs-result]", "Namensschilder")
        .await;
    let badges = pdf_text(
        &app.exports_dir()
            .join("Namensschilder Cobots in der Fertigung.pdf"),
    );
    assert!(badges.contains("Claudia") && badges.contains("Strauß"));
    app.press(Key::Escape).await;
    app.quit().await;
}

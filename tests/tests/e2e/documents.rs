//! Documents in the real app: from a workshop's planning view, "Dokumente" shows a page of each
//! document as it will print, saves it where the user picks in the system's save dialog or into
//! the exports folder, and refuses a bad grid in place.

use regiolab_e2e::{seed_anna_here, App};
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

/// The preview image's `src` once it holds a rendered page different from `before`.
async fn new_preview(app: &App, before: &str) -> String {
    let image = app.wait_for("[data-testid=docs-preview]").await;
    for _ in 0..100 {
        let src = image.attr("src").await.unwrap().unwrap_or_default();
        if src.starts_with("data:image/png;base64,") && src != before {
            return src;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no new preview appeared");
}

/// Clicks the button once it is enabled (saving waits for a preview without error).
async fn click_when_enabled(app: &App, css: &str) {
    let button = app.wait_for(css).await;
    for _ in 0..100 {
        if button.is_enabled().await.unwrap() {
            return button.click().await.unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css} stayed disabled");
}

async fn choose_kind(app: &App, kind: &str) {
    let select = app.wait_for("[data-testid=docs-kind]").await;
    select
        .find(By::Css(format!("option[value={kind}]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "answers the GTK save dialog with xdotool and reads PDFs with poppler: Linux programs"
)]
async fn documents_are_previewed_then_saved_where_the_user_picks_or_to_the_exports_folder() {
    let app = App::launch(seed_anna_here).await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_text("[data-testid=overview-week]", "Cobots in der Fertigung")
        .await;
    app.click("[data-testid=overview-workshop]").await;
    app.wait_for("[data-testid=plan-screen]").await;
    app.click("[data-testid=plan-documents]").await;

    // Certificates first: Anna's page, and who gets one.
    let certificates = new_preview(&app, "").await;
    app.wait_text("[data-testid=docs-page]", "Seite 1 von 1")
        .await;
    app.wait_text(
        "[data-testid=docs-summary]",
        "1 Person erhält eine Bescheinigung (ab 80 % Anwesenheit).",
    )
    .await;
    app.click("[data-testid=docs-save-exports]").await;
    let said = app
        .wait_text(
            "[data-testid=docs-result]",
            "1 Teilnahmebescheinigung gespeichert in ",
        )
        .await;
    let folder = std::path::PathBuf::from(said.split(" gespeichert in ").nth(1).unwrap().trim());
    assert!(folder.starts_with(app.exports_dir()), "{said}");
    assert!(
        pdf_text(&folder.join("Teilnahmebescheinigung_Müller_Anna.pdf")).contains("Anna Müller")
    );
    assert!(pdf_text(&folder.join("Alle.pdf")).contains("Cobots in der Fertigung"));

    // The sign-in sheet, saved where the user types it in the system's save dialog.
    choose_kind(&app, "sign_in_sheet").await;
    let sign_in = new_preview(&app, &certificates).await;
    let picked = app
        .data_dir
        .path()
        .join("gewählt")
        .join("Liste für die Akte.pdf");
    std::fs::create_dir(picked.parent().unwrap()).unwrap();
    click_when_enabled(&app, "[data-testid=docs-save-as]").await;
    app.answer_file_dialog("PDF speichern unter", &picked);
    let said = app
        .wait_text("[data-testid=docs-result]", "Gespeichert: ")
        .await;
    assert!(said.contains(&picked.display().to_string()), "{said}");
    assert!(pdf_text(&picked).contains("Weiß, Jörg"));

    // The certificates again, into a folder picked in the system's folder dialog; a second
    // time into the same folder is refused, naming the file that is there.
    choose_kind(&app, "certificates").await;
    new_preview(&app, &sign_in).await;
    let folder = app.data_dir.path().join("Bescheinigungen");
    std::fs::create_dir(&folder).unwrap();
    for _ in 0..2 {
        click_when_enabled(&app, "[data-testid=docs-save-as]").await;
        app.answer_file_dialog("Ordner für die Teilnahmebescheinigungen wählen", &folder);
    }
    app.wait_text("[data-testid=docs-error]", "gibt es schon")
        .await;
    let combined = folder.join("Teilnahmebescheinigungen Cobots in der Fertigung.pdf");
    assert!(pdf_text(&combined).contains("Anna Müller"));
    assert!(folder
        .join("Teilnahmebescheinigung_Müller_Anna.pdf")
        .exists());

    // Badges: a bad grid is refused in place, nothing is offered for saving.
    choose_kind(&app, "badges").await;
    let badges = new_preview(&app, &sign_in).await;
    let grid = app.wait_for("[data-testid=docs-grid]").await;
    grid.clear().await.unwrap();
    grid.send_keys("9x9").await.unwrap();
    grid.send_keys(Key::Tab).await.unwrap();
    app.wait_text("[data-testid=docs-error]", "Raster").await;
    let save_as = app.wait_for("[data-testid=docs-save-as]").await;
    assert!(!save_as.is_enabled().await.unwrap(), "nothing to save");
    grid.clear().await.unwrap();
    grid.send_keys("3x8").await.unwrap();
    grid.send_keys(Key::Tab).await.unwrap();
    new_preview(&app, &badges).await;
    click_when_enabled(&app, "[data-testid=docs-save-exports]").await;
    app.wait_text("[data-testid=docs-result]", "Namensschilder")
        .await;
    app.screenshot("documents-dialog").await;
    let sheet = pdf_text(
        &app.exports_dir()
            .join("Namensschilder Cobots in der Fertigung.pdf"),
    );
    assert!(sheet.contains("Claudia") && sheet.contains("Strauß"));
    app.press(Key::Escape).await;
    app.quit().await;
}

//! regioLab Desk: the desktop app. A thin Tauri shell: it opens the data file, serves `ui/`,
//! and maps the UI's commands onto `regiolab-core`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod navigation;
mod state;

use std::path::PathBuf;

use state::DeskState;

/// The data file: `--data PATH` (or `--data=PATH`), else `$REGIOLAB_DATA`, else the default
/// under the user's data directory. Tests always pass a temporary path.
fn data_path(mut args: impl Iterator<Item = String>) -> PathBuf {
    while let Some(arg) = args.next() {
        if arg == "--data" {
            if let Some(path) = args.next() {
                return PathBuf::from(path);
            }
        } else if let Some(path) = arg.strip_prefix("--data=") {
            return PathBuf::from(path);
        }
    }
    regiolab_core::default_data_path()
}

/// Registers state and commands on `builder` (kept apart from `main` so it can be reused with
/// another runtime).
fn build_app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: DeskState) -> tauri::Builder<R> {
    builder
        .plugin(navigation::guard())
        // Save dialogs are opened from Rust only: the capability grants the window no dialog
        // permission.
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::set_actor,
            commands::workshops::list_workshops,
            commands::workshops::workshop_detail,
            commands::workshops::overview,
            commands::door::session_status,
            commands::door::search_people,
            commands::door::check_in,
            commands::door::undo_check_in,
            commands::door::walk_in,
            commands::planning::create_workshop,
            commands::planning::workshop_registrations,
            commands::planning::register_person,
            commands::planning::register_new_person,
            commands::planning::unregister_person,
            commands::planning::undo_unregister,
            commands::planning::list_topics,
            commands::records::find_people,
            commands::records::person_detail,
            commands::records::find_companies,
            commands::records::company_people,
            commands::records::withdraw_consent,
            commands::attendance::attendance_grid,
            commands::attendance::check_out,
            commands::attendance::mark_attendance,
            commands::attendance::close_session,
            commands::attendance::reopen_session,
            commands::attendance::sign_attendance,
            commands::attendance::attendance_signature,
            commands::attendance::attendance_settings,
            commands::attendance::set_attendance_settings,
            commands::planning::add_session,
            commands::planning::edit_session,
            commands::editing::edit_workshop,
            commands::editing::duplicate_workshop,
            commands::editing::create_company,
            commands::editing::similar_companies,
            commands::editing::edit_company,
            commands::editing::merge_companies,
            commands::editing::edit_person,
            commands::editing::similar_people,
            commands::editing::merge_people,
            commands::import::import_preview,
            commands::import::import_commit,
            commands::import::session_report_preview,
            commands::import::session_report_commit,
            commands::reports::export_attendance,
            commands::reports::funder_report,
            commands::reports::export_report,
            commands::documents::preview_document,
            commands::documents::save_document,
            commands::records::erase_person,
            commands::records::organisation_settings,
            commands::records::set_organisation_settings,
            commands::records::retention_due,
            commands::records::apply_retention,
            commands::records::set_logo,
            commands::sync::sync_status,
            commands::sync::save_sync_settings,
            commands::sync::sync_now,
        ])
}

/// How often the background sync tries: every minute, or `$REGIOLAB_SYNC_INTERVAL_SECS`
/// (tests use a short one).
fn sync_interval() -> std::time::Duration {
    let seconds = std::env::var("REGIOLAB_SYNC_INTERVAL_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0)
        .unwrap_or(60);
    std::time::Duration::from_secs(seconds)
}

fn main() {
    // Without WebView2 Tauri would stop with a dialog of its own in English; say in German (and
    // English) what to do, before anything is opened or written.
    #[cfg(windows)]
    if tauri::webview_version().is_err() {
        webview2_missing();
        std::process::exit(3);
    }
    let state = DeskState::open(&data_path(std::env::args().skip(1)));
    commands::sync::start_background_sync(&state, sync_interval());
    build_app(tauri::Builder::default(), state)
        .run(tauri::generate_context!())
        .expect("regioLab Desk could not start its window");
}

/// What to do without Microsoft Edge WebView2 (the webview on Windows), on the console and in
/// a message box. German first: the window's language setting is not known yet.
#[cfg(windows)]
fn webview2_missing() {
    const INSTALL: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";
    let text = format!(
        "regioLab Desk braucht Microsoft Edge WebView2, und das fehlt auf diesem Computer. \
         Windows 11 bringt es mit; unter Windows 10 bitte die IT bitten, die \
         „Microsoft Edge WebView2 Runtime“ zu installieren (oder selbst von {INSTALL}). \
         Ihre Daten sind unverändert.\n\n\
         regioLab Desk needs Microsoft Edge WebView2, which is missing on this computer. \
         Windows 11 comes with it; on Windows 10 please ask your IT to install the \
         \"Microsoft Edge WebView2 Runtime\" (or get it from {INSTALL}). Your data is unchanged."
    );
    eprintln!("{text}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("regioLab Desk: WebView2 fehlt / WebView2 missing")
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text the German catalogue has, the English one has too; and every error code of
    /// the core has an English message (the German one is the error's own text).
    #[test]
    fn the_english_catalogue_is_complete() {
        let keys = |text: &str| -> std::collections::BTreeSet<String> {
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).unwrap();
            map.keys().cloned().collect()
        };
        let de = keys(include_str!("../../ui/i18n/de.json"));
        let en = keys(include_str!("../../ui/i18n/en.json"));
        let missing: Vec<&String> = de.difference(&en).collect();
        assert!(
            missing.is_empty(),
            "German keys without English: {missing:?}"
        );
        let codes = regiolab_core::Error::codes();
        assert!(codes.len() > 40, "error codes found: {codes:?}");
        let untranslated: Vec<&&str> = codes
            .iter()
            .filter(|code| !en.contains(&format!("error.{code}")))
            .collect();
        assert!(
            untranslated.is_empty(),
            "error codes without English: {untranslated:?}"
        );
    }

    /// The capability grants exactly the app's commands (each `allow-<command>` that build.rs
    /// generates), nothing more and none missing: see docs/SECURITY.md.
    #[test]
    fn the_capability_grants_exactly_the_apps_commands() {
        let build = include_str!("../build.rs");
        let list = &build[build.find("const COMMANDS").unwrap()..];
        let list = &list[..list.find("];").unwrap()];
        let mut commands: Vec<String> = list
            .split('"')
            .skip(1)
            .step_by(2)
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        commands.sort();
        granted.sort();
        assert_eq!(granted, commands);
    }

    /// A command that panics (here on purpose) is reported in place as an internal error, and
    /// the next commands work — on the writer and on a read connection — without a restart.
    #[test]
    fn a_panicking_command_is_contained_and_the_next_one_works() {
        let dir = tempfile::TempDir::new().unwrap();
        let state = DeskState::open(&dir.path().join("desk.sqlite3"));
        tauri::async_runtime::block_on(async {
            let err = commands::with_desk(&state, |desk| -> regiolab_core::Result<()> {
                desk.set_actor("Vor dem Fehler")?;
                panic!("on purpose")
            })
            .await
            .unwrap_err();
            assert_eq!(err.code, "app.internal");
            assert!(err.message.contains("nichts geändert"), "{}", err.message);
            // The screens show the catalogue's text for it (in English, and when the bridge
            // itself failed): it must say the same, not "restart the app".
            let de: serde_json::Value =
                serde_json::from_str(include_str!("../../ui/i18n/de.json")).unwrap();
            assert_eq!(de["error.app.internal"], err.message.as_str());
            let en: serde_json::Value =
                serde_json::from_str(include_str!("../../ui/i18n/en.json")).unwrap();
            let english = en["error.app.internal"].as_str().unwrap();
            assert!(
                english.contains("nothing was changed") && !english.contains("restart"),
                "{english}"
            );
            let info = commands::with_desk(&state, |desk| desk.info())
                .await
                .unwrap();
            assert_eq!(
                info.actor, "Vor dem Fehler",
                "what was done before the panic stays"
            );

            let err = commands::with_reader(&state, |_| -> regiolab_core::Result<()> {
                panic!("on purpose")
            })
            .await
            .unwrap_err();
            assert_eq!(err.code, "app.internal");
            let workshops = commands::with_reader(&state, |desk| desk.workshops())
                .await
                .unwrap();
            assert!(!workshops.is_empty(), "the demo data is read again");
        });
    }

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn data_path_from_arguments() {
        assert_eq!(
            data_path(args(&["--data", "/tmp/x.sqlite3"])),
            PathBuf::from("/tmp/x.sqlite3")
        );
        assert_eq!(
            data_path(args(&["--data=/tmp/y.sqlite3"])),
            PathBuf::from("/tmp/y.sqlite3")
        );
    }
}

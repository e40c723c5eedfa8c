//! Generates Tauri's context and one `allow-<command>` permission per app command, so that the
//! capability file can grant exactly the commands the UI uses.

/// Every command the UI may call; keep in sync with `generate_handler!` in `main.rs`.
const COMMANDS: &[&str] = &[
    "app_info",
    "set_actor",
    "list_workshops",
    "workshop_detail",
    "overview",
    "session_status",
    "search_people",
    "check_in",
    "undo_check_in",
    "walk_in",
    "create_workshop",
    "workshop_registrations",
    "register_person",
    "register_new_person",
    "unregister_person",
    "undo_unregister",
    "list_topics",
    "find_people",
    "person_detail",
    "find_companies",
    "company_people",
    "withdraw_consent",
    "attendance_grid",
    "check_out",
    "mark_attendance",
    "close_session",
    "reopen_session",
    "sign_attendance",
    "attendance_signature",
    "attendance_settings",
    "set_attendance_settings",
    "add_session",
    "edit_session",
    "edit_workshop",
    "duplicate_workshop",
    "create_company",
    "similar_companies",
    "edit_company",
    "merge_companies",
    "edit_person",
    "similar_people",
    "merge_people",
    "import_preview",
    "import_commit",
    "export_attendance",
    "funder_report",
    "export_report",
    "erase_person",
    "sync_status",
    "save_sync_settings",
    "sync_now",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("failed to run tauri-build");
}

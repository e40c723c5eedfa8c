//! The end-to-end harness: its own Xvfb, its own tauri-driver, and the real `regiolab-desk`
//! binary on a temporary data file, driven over WebDriver in the real WebKit webview. On
//! Windows (the native CI workflow, `.github/workflows/native.yml`) the same tests drive the
//! app's WebView2 through tauri-driver and Microsoft's Edge WebDriver (`msedgedriver.exe`,
//! `$MSEDGEDRIVER` or on the PATH), on the desktop the runner has, without Xvfb.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use regiolab_core::domain::time::utc_to_berlin;
use regiolab_core::testing::session_all_day;
use regiolab_core::{Desk, NewCompany, NewPerson, NewWorkshop, RegistrationStatus};
use serde_json::json;
use tempfile::TempDir;
use thirtyfour::prelude::*;

/// The app binary: `$REGIOLAB_DESK_BIN`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("REGIOLAB_DESK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
                "../target/debug/regiolab-desk{}",
                std::env::consts::EXE_SUFFIX
            ))
        });
    let path = path.canonicalize().unwrap_or_else(|_| {
        panic!(
            "regiolab-desk not found at {}: build it first with `cargo build -p regiolab-desk`",
            path.display()
        )
    });
    path
}

/// The program `name` on the PATH or in `~/.cargo/bin`; panics with how to `install` it when
/// it is in neither.
fn tool(name: &str, install: &str) -> PathBuf {
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin")));
    for dir in candidates {
        let candidate = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("{name} is missing; install it with: {install}");
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Stops a child politely (SIGTERM: tauri-driver then also stops WebKitWebDriver), then waits.
/// Windows has no SIGTERM: there the child is ended at once.
fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A private X display (on Windows: the desktop the test runs on).
pub struct Display {
    /// Xvfb; `None` on Windows.
    child: Option<Child>,
    /// The display's name for `DISPLAY` (`:90`, …); empty on Windows.
    pub name: String,
}

impl Display {
    /// Windows: the session's own desktop.
    #[cfg(windows)]
    pub fn start() -> Display {
        Display {
            child: None,
            name: String::new(),
        }
    }

    /// Starts Xvfb on a free display number, 1366×768 like the coordinators' laptops.
    #[cfg(unix)]
    pub fn start() -> Display {
        let xvfb = tool("Xvfb", "apt-get install -y xvfb");
        for number in 90..190 {
            if Path::new(&format!("/tmp/.X{number}-lock")).exists() {
                continue;
            }
            let name = format!(":{number}");
            let mut child = Command::new(&xvfb)
                .args([&name, "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts");
            let socket = format!("/tmp/.X11-unix/X{number}");
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if Path::new(&socket).exists() {
                    return Display {
                        child: Some(child),
                        name,
                    };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // taken meanwhile: try the next number
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("no free X display for Xvfb between :90 and :189");
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            terminate(child);
        }
    }
}

/// One app at a time in the test process (the e2e binary runs all its tests on parallel
/// threads, each with its own tokio runtime; this mutex is shared by all of them): two apps
/// with their displays and drivers at once would only slow each other down, and a test's
/// timings would measure the other one.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The running app with its data file, WebDriver session and helpers.
pub struct App {
    /// `None` only while quitting or dropping.
    driver: Option<WebDriver>,
    /// The temporary folder with the app's data file (`desk.sqlite3`) and its `exports`.
    pub data_dir: TempDir,
    /// tauri-driver (with WebKitWebDriver or Edge WebDriver beneath it, and the app).
    driver_process: Child,
    /// The display the app shows its window on.
    pub display: Display,
    /// From asking for the WebDriver session (the app's process start) until the session
    /// stood: the app's window up with its page loaded.
    pub session_in: Duration,
    /// This test's turn (see [`ONE_AT_A_TIME`]); released when the app is gone.
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl App {
    /// The WebDriver session.
    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("session open")
    }

    /// The app's data file.
    pub fn data_path(&self) -> PathBuf {
        self.data_dir.path().join("desk.sqlite3")
    }

    /// The folder the app writes its exports to in this test.
    pub fn exports_dir(&self) -> PathBuf {
        self.data_dir.path().join("exports")
    }

    /// Launches the app on a data file prepared by `seed` (which gets the file's path).
    pub async fn launch(seed: impl FnOnce(&Path)) -> App {
        App::launch_binary(&app_binary(), seed).await
    }

    /// Launches `binary` (the app, or another Tauri program for comparison) with `--data` on a
    /// file prepared by `seed`.
    pub async fn launch_binary(binary: &Path, seed: impl FnOnce(&Path)) -> App {
        // Released also when a test fails: the next one goes on.
        let turn = ONE_AT_A_TIME.lock().await;
        let clock = Instant::now();
        let data_dir = TempDir::new().unwrap();
        seed(&data_dir.path().join("desk.sqlite3"));
        let display = Display::start();
        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        let mut driver_args = vec![
            "--port".to_owned(),
            port.to_string(),
            "--native-port".to_owned(),
            native_port.to_string(),
        ];
        if cfg!(windows) {
            let edge = std::env::var_os("MSEDGEDRIVER")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    tool(
                        "msedgedriver",
                        "the Edge WebDriver matching Edge, from Microsoft",
                    )
                });
            driver_args.extend(["--native-driver".to_owned(), edge.display().to_string()]);
        } else {
            tool("WebKitWebDriver", "apt-get install -y webkit2gtk-driver");
        }
        let mut driver_process = Command::new(tool(
            "tauri-driver",
            "cargo install tauri-driver --locked --version '^2'",
        ))
        .args(&driver_args)
        .env("DISPLAY", &display.name)
        // Exports go beside the test's data file, never into the user's documents.
        .env("REGIOLAB_EXPORTS", data_dir.path().join("exports"))
        // The background sync tries every second (a minute in real use), so a test sees it act.
        .env("REGIOLAB_SYNC_INTERVAL_SECS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tauri-driver starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(15) {
                terminate(&mut driver_process);
                panic!("tauri-driver did not listen on port {port} within 15 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut caps = Capabilities::new();
        caps.set("browserName", json!("wry")).unwrap();
        caps.set("tauri:options", json!({ "application": binary, "args": ["--data", data_dir.path().join("desk.sqlite3")] }))
            .unwrap();
        // The driver may accept connections a moment before it serves sessions: three tries.
        let mut attempt = 0;
        let (driver, session_in) = loop {
            attempt += 1;
            let asked = Instant::now();
            match WebDriver::new(format!("http://127.0.0.1:{port}"), caps.clone()).await {
                Ok(driver) => break (driver, asked.elapsed()),
                Err(e) if attempt < 3 => {
                    eprintln!("e2e: session attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("no WebDriver session with the app after {attempt} tries: {e}"),
            }
        };
        eprintln!(
            "e2e: display {}, driver and app ready after {:.1} s",
            display.name,
            clock.elapsed().as_secs_f64()
        );
        App {
            driver: Some(driver),
            data_dir,
            driver_process,
            display,
            session_in,
            _turn: turn,
        }
    }

    /// Waits for the element `css` to be shown; when it does not come, leaves a screenshot of
    /// what was shown instead (target/e2e/missing-*.png) and says so.
    pub async fn wait_for(&self, css: &str) -> WebElement {
        match self
            .driver()
            .query(By::Css(css))
            .wait(Duration::from_secs(10), Duration::from_millis(50))
            .first()
            .await
        {
            Ok(element) => element,
            Err(e) => {
                let shot = self.screenshot_for("missing", css).await;
                panic!("{css} did not appear: {e}; the screen: {}", shot.display())
            }
        }
    }

    /// Waits for the element `css` and clicks it. A screen that redraws (a search answering)
    /// may replace the element between finding and clicking: then it is found again.
    pub async fn click(&self, css: &str) {
        for _ in 0..20 {
            match self.wait_for(css).await.click().await {
                Ok(()) => return,
                Err(e) if format!("{e:?}").contains("StaleElementReference") => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
                Err(e) => panic!("clicking {css}: {e}"),
            }
        }
        panic!("{css} kept being replaced; could not click it");
    }

    /// A screenshot named after what went wrong with the element `css` (`what`-<css>.png).
    async fn screenshot_for(&self, what: &str, css: &str) -> PathBuf {
        let name: String = css
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        self.screenshot(&format!("{what}-{name}")).await
    }

    /// Waits until no element `css` is shown (a screen redrawn after a change); when one stays,
    /// leaves a screenshot (target/e2e/stays-*.png) and says so.
    pub async fn wait_gone(&self, css: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self
                .driver()
                .find_all(By::Css(css))
                .await
                .is_ok_and(|found| found.is_empty())
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let shot = self.screenshot_for("stays", css).await;
        panic!(
            "{css} was still shown after 10 s; the screen: {}",
            shot.display()
        )
    }

    /// Waits until the element `css` shows text containing `text`; returns the whole text.
    pub async fn wait_text(&self, css: &str, text: &str) -> String {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(el) = self.driver().find(By::Css(css)).await {
                last = el.text().await.unwrap_or_default();
                if last.contains(text) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} did not show {text:?} within 10 s; it showed {last:?}");
    }

    /// The `data-testid` of the element that has the keyboard focus.
    pub async fn focused(&self) -> Option<String> {
        let element = self.driver().active_element().await.unwrap();
        element.attr("data-testid").await.unwrap()
    }

    /// Types `text` on the keyboard: into whatever has the focus (unlike an element's
    /// `send_keys`, which first focuses that element).
    pub async fn keys(&self, text: &str) {
        if let Err(e) = self.driver().action_chain().send_keys(text).perform().await {
            let shot = self.screenshot("failed-keys").await;
            panic!(
                "typing {text:?} failed: {e}; the screen: {}",
                shot.display()
            );
        }
    }

    /// Presses and releases `key` (Tab, Enter, …) on whatever has the focus.
    pub async fn press(&self, key: Key) {
        let key: char = key.into();
        self.driver()
            .action_chain()
            .key_down(key)
            .key_up(key)
            .perform()
            .await
            .unwrap();
    }

    /// Presses `key` while holding `modifier`, e.g. Ctrl+N.
    pub async fn chord(&self, modifier: Key, key: char) {
        let modifier: char = modifier.into();
        let chain = self
            .driver()
            .action_chain()
            .key_down(modifier)
            .key_down(key)
            .key_up(key)
            .key_up(modifier);
        chain.perform().await.unwrap();
    }

    /// Types `text` into `field` and presses Enter (as a person or a scanner does).
    pub async fn type_and_enter(&self, field: &WebElement, text: &str) {
        field.send_keys(text).await.unwrap();
        field.send_keys(Key::Enter).await.unwrap();
    }

    /// Answers the system's file dialog titled `title` (a GTK window of the app, which
    /// WebDriver cannot reach) as a person would at the keyboard: types `path` into its name
    /// field and presses Enter. Waits up to 20 s for the dialog to appear.
    pub fn answer_file_dialog(&self, title: &str, path: &Path) {
        let xdotool = tool("xdotool", "apt-get install -y xdotool");
        let run = |args: &[&str]| {
            Command::new(&xdotool)
                .args(args)
                .env("DISPLAY", &self.display.name)
                .output()
                .expect("xdotool runs")
        };
        let start = Instant::now();
        let window = loop {
            let found = run(&["search", "--onlyvisible", "--name", title]);
            let ids = String::from_utf8_lossy(&found.stdout);
            if let Some(id) = ids.split_whitespace().last() {
                break id.to_owned();
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no dialog titled {title:?} appeared"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        // No window manager under Xvfb: give the dialog the keyboard focus explicitly, let GTK
        // settle, then type through XTEST like a keyboard (GTK ignores synthetic key events).
        std::thread::sleep(Duration::from_millis(500));
        run(&["windowfocus", "--sync", &window]);
        run(&["key", "--clearmodifiers", "ctrl+a"]);
        let path = path.to_str().expect("a UTF-8 path");
        run(&["type", "--delay", "20", path]);
        std::thread::sleep(Duration::from_millis(300));
        run(&["key", "Return"]);
    }

    /// Saves a screenshot of the webview to `target/e2e/<name>.png` as a test artefact.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        self.driver().screenshot(&path).await.unwrap();
        path
    }

    /// Ends the WebDriver session and stops the driver, app and display.
    pub async fn quit(mut self) {
        let clock = Instant::now();
        if let Some(driver) = self.driver.take() {
            let _ = driver.quit().await;
        }
        terminate(&mut self.driver_process);
        eprintln!("e2e: stopped after {:.1} s", clock.elapsed().as_secs_f64());
    }
}

impl Drop for App {
    /// After a failed assertion: stop the driver (and with it the app) first, then forget the
    /// session instead of letting thirtyfour block for minutes trying to delete it.
    fn drop(&mut self) {
        terminate(&mut self.driver_process);
        if let Some(driver) = self.driver.take() {
            let _ = driver.leak();
        }
    }
}

/// A workshop with one session spanning all of today, so the test passes at any hour.
pub fn seed(path: &Path) {
    let mut desk = Desk::open(path).unwrap();
    desk.set_actor("E2E Koordination").unwrap();
    let muster = desk
        .create_company(&NewCompany {
            name: "Muster GmbH".into(),
            ..Default::default()
        })
        .unwrap();
    let workshop = desk
        .create_workshop(&NewWorkshop {
            title: "Cobots in der Fertigung".into(),
            location: "Muster GmbH, Laatzen".into(),
            capacity: Some(12),
            ..Default::default()
        })
        .unwrap();
    desk.add_session(&workshop, &session_all_day(Utc::now()))
        .unwrap();
    for (given, family) in [("Anna", "Müller"), ("Jörg", "Weiß"), ("Claudia", "Strauß")] {
        let person = desk
            .create_person(&NewPerson {
                given_name: given.into(),
                family_name: family.into(),
                company_id: Some(muster.clone()),
                consent: true,
                ..Default::default()
            })
            .unwrap();
        desk.register_as(&person, &workshop, RegistrationStatus::Registered)
            .unwrap();
    }
}

/// The seed with Anna Müller checked in at 00:05 today (on time: the session starts at 00:00).
pub fn seed_anna_here(path: &Path) {
    seed(path);
    let mut desk = Desk::open(path).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let anna = desk.search(&workshop, None, "anna", 1).unwrap()[0]
        .person_id
        .clone();
    let today = utc_to_berlin(Utc::now()).date();
    let five_past = chrono::NaiveTime::from_hms_opt(0, 5, 0).unwrap();
    desk.set_clock(regiolab_core::Clock::Fixed(
        regiolab_core::domain::time::berlin_to_utc(today, five_past),
    ));
    desk.check_in(&workshop, None, &regiolab_core::Who::Person(anna))
        .unwrap();
}

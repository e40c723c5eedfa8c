//! A real WebDAV server for the sync tests: Debian's Apache with mod_dav on 127.0.0.1, with its
//! own configuration, folder and port, started by the test and stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const APACHE: &str = "/usr/sbin/apache2";
const MODULES: &str = "/usr/lib/apache2/modules";

/// The running server.
pub struct WebDavServer {
    dir: TempDir,
    child: Child,
    port: u16,
}

/// The user and password the server accepts.
pub const USER: &str = "koordination";
pub const PASSWORD: &str = "app-passwort-1234";

impl WebDavServer {
    /// Starts Apache with a DAV folder that needs `USER`/`PASSWORD` (Basic auth).
    pub fn start() -> WebDavServer {
        assert!(
            Path::new(APACHE).exists(),
            "Apache is needed for the WebDAV tests: sudo apt-get install -y apache2"
        );
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("dav")).unwrap();
        std::fs::create_dir(root.join("lock")).unwrap();
        let htpasswd = Command::new("htpasswd")
            .args(["-bcB", "-C", "4"])
            .arg(root.join("htpasswd"))
            .args([USER, PASSWORD])
            .output()
            .expect("htpasswd (apache2-utils)");
        assert!(htpasswd.status.success());
        // Apache refuses to serve as root: as root, it serves as nobody, who must reach the files.
        let as_root = running_as_root();
        if as_root {
            for path in [
                root,
                &root.join("dav"),
                &root.join("lock"),
                &root.join("htpasswd"),
            ] {
                let _ = Command::new("chmod").arg("a+rx").arg(path).status();
            }
            for path in [root.join("dav"), root.join("lock")] {
                let _ = Command::new("chown").arg("nobody").arg(&path).status();
            }
        }
        let port = free_port();
        let user = if as_root {
            "User nobody\nGroup nogroup\n"
        } else {
            ""
        };
        let config = format!(
            r#"ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn
{user}LoadModule mpm_event_module {MODULES}/mod_mpm_event.so
LoadModule authz_core_module {MODULES}/mod_authz_core.so
LoadModule authn_core_module {MODULES}/mod_authn_core.so
LoadModule authn_file_module {MODULES}/mod_authn_file.so
LoadModule auth_basic_module {MODULES}/mod_auth_basic.so
LoadModule authz_user_module {MODULES}/mod_authz_user.so
LoadModule dav_module {MODULES}/mod_dav.so
LoadModule dav_fs_module {MODULES}/mod_dav_fs.so
DavLockDB {root}/lock/DavLock
DocumentRoot {root}/dav
<Directory {root}/dav>
    Dav On
    AuthType Basic
    AuthName "regiolab"
    AuthUserFile {root}/htpasswd
    Require valid-user
</Directory>
"#,
            root = root.display()
        );
        std::fs::write(root.join("httpd.conf"), config).unwrap();
        let child = Command::new(APACHE)
            .arg("-X")
            .arg("-f")
            .arg(root.join("httpd.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("apache2 starts");
        let server = WebDavServer { dir, child, port };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&self) {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "Apache did not start: {}",
                std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The URL of the DAV folder.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The folder Apache serves (to inspect what was written).
    pub fn folder(&self) -> PathBuf {
        self.dir.path().join("dav")
    }
}

impl Drop for WebDavServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

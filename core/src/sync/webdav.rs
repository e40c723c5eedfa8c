//! A WebDAV server as sync target (RFC 4918: Nextcloud, ownCloud, Apache mod_dav, …), with a
//! user name and an app password. Writes go to a temporary name and are then MOVEd into place,
//! so a broken connection never leaves a half bundle under its real name.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::Read;
use std::time::Duration;

use base64::Engine;

use super::target::Target;
use crate::error::TargetError;

/// Largest file read from the server (a bundle is far smaller).
const MAX_READ_BYTES: u64 = 512 * 1024 * 1024;

/// A WebDAV collection that holds `bundles/` and `exports/`.
pub struct WebDav {
    base: String,
    authorization: Option<String>,
    agent: ureq::Agent,
    /// Collections known to exist (created or seen), so each is made at most once per sync.
    made: RefCell<HashSet<String>>,
}

impl WebDav {
    /// The collection at `url` (http only for this computer, see the target check), logging in
    /// as `user` with `password` when given. Times out after 10 s to connect and 60 s per read.
    pub fn new(url: &str, user: Option<&str>, password: Option<&str>) -> WebDav {
        WebDav::with_timeouts(
            url,
            user,
            password,
            Duration::from_secs(10),
            Duration::from_secs(60),
        )
    }

    /// As [`WebDav::new`] with other timeouts (tests of a server that does not answer).
    pub fn with_timeouts(
        url: &str,
        user: Option<&str>,
        password: Option<&str>,
        connect: Duration,
        read: Duration,
    ) -> WebDav {
        let authorization = user.map(|user| {
            let pair = format!("{user}:{}", password.unwrap_or_default());
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        });
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(connect)
            .timeout_read(read)
            .timeout_write(read)
            .redirects(0)
            .build();
        WebDav {
            base: format!("{}/", url.trim_end_matches('/')),
            authorization,
            agent,
            made: RefCell::new(HashSet::new()),
        }
    }

    fn url(&self, path: &str) -> String {
        let encoded: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(encode_segment)
            .collect();
        format!("{}{}", self.base, encoded.join("/"))
    }

    fn request(&self, method: &str, path: &str) -> ureq::Request {
        let request = self.agent.request(method, &self.url(path));
        match &self.authorization {
            Some(value) => request.set("Authorization", value),
            None => request,
        }
    }

    /// Turns a failed request into the target error people understand.
    fn error(&self, path: &str, e: ureq::Error) -> TargetError {
        let place = format!("{}{path}", self.base);
        match e {
            ureq::Error::Status(401 | 403, _) => TargetError::Denied { place },
            ureq::Error::Status(507, _) => TargetError::Full { place },
            ureq::Error::Status(status, _) => TargetError::Http { place, status },
            ureq::Error::Transport(t) => {
                let timed_out = std::error::Error::source(&t)
                    .and_then(|s| s.downcast_ref::<std::io::Error>())
                    .is_some_and(|io| {
                        matches!(
                            io.kind(),
                            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                        )
                    });
                if timed_out {
                    TargetError::Timeout {
                        target: self.describe(),
                    }
                } else {
                    TargetError::Unreachable {
                        target: self.describe(),
                        reason: t.kind().to_string(),
                    }
                }
            }
        }
    }

    /// Creates the collections on the way to `path`'s folder (MKCOL; 405 means it exists).
    fn make_folders(&self, path: &str) -> Result<(), TargetError> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        for depth in 1..parts.len() {
            let folder = parts[..depth].join("/");
            if self.made.borrow().contains(&folder) {
                continue;
            }
            match self.request("MKCOL", &folder).call() {
                Ok(_) | Err(ureq::Error::Status(405, _)) => {}
                Err(e) => return Err(self.error(&folder, e)),
            }
            self.made.borrow_mut().insert(folder);
        }
        Ok(())
    }
}

impl Target for WebDav {
    fn describe(&self) -> String {
        self.base.clone()
    }

    fn list(&self, dir: &str) -> Result<Vec<String>, TargetError> {
        let response = self
            .request("PROPFIND", &format!("{dir}/"))
            .set("Depth", "1")
            .set("Content-Type", "application/xml; charset=utf-8")
            .send_string(
                r#"<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>"#,
            );
        let response = match response {
            Ok(r) => r,
            Err(ureq::Error::Status(404, _)) => return Ok(Vec::new()),
            Err(e) => return Err(self.error(dir, e)),
        };
        let body = response.into_string().map_err(|e| TargetError::Io {
            place: self.url(dir),
            reason: e.to_string(),
        })?;
        self.made
            .borrow_mut()
            .insert(dir.trim_matches('/').to_owned());
        let own = format!("/{}/", dir.trim_matches('/'));
        let mut names: Vec<String> = hrefs(&body)
            .into_iter()
            .map(|href| percent_decode(&href))
            .filter(|href| !href.ends_with(&own) && !href.ends_with(own.trim_end_matches('/')))
            .filter_map(|href| {
                href.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .map(str::to_owned)
            })
            .filter(|name| !name.is_empty())
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, TargetError> {
        let response = self
            .request("GET", path)
            .call()
            .map_err(|e| self.error(path, e))?;
        let mut bytes = Vec::new();
        response
            .into_reader()
            .take(MAX_READ_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    TargetError::Timeout {
                        target: self.describe(),
                    }
                }
                _ => TargetError::Io {
                    place: self.url(path),
                    reason: e.to_string(),
                },
            })?;
        Ok(bytes)
    }

    fn write_atomic(&self, path: &str, bytes: &[u8]) -> Result<(), TargetError> {
        self.make_folders(path)?;
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let random = hex::encode(super::crypto::random_bytes::<8>());
        let temp = format!("{dir}/.tmp-{random}-{name}");
        self.request("PUT", &temp)
            .set("Content-Type", "application/octet-stream")
            .send_bytes(bytes)
            .map_err(|e| self.error(path, e))?;
        let moved = self
            .request("MOVE", &temp)
            .set("Destination", &self.url(path))
            .set("Overwrite", "T")
            .call();
        if let Err(e) = moved {
            // Best effort: a temporary name is skipped by readers anyway.
            let _ = self.request("DELETE", &temp).call();
            return Err(self.error(path, e));
        }
        Ok(())
    }
}

/// The `href` values of a PROPFIND answer, whatever prefix the server gives the DAV namespace.
fn hrefs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("href>") {
        let after = &rest[start + 5..];
        // Skip closing tags (`</d:href>`): an opening one is not preceded by '/'.
        let is_closing = rest[..start]
            .rfind('<')
            .is_some_and(|lt| rest[lt + 1..].starts_with('/'));
        if let (false, Some(end)) = (is_closing, after.find('<')) {
            out.push(xml_unescape(after[..end].trim()));
        }
        rest = after;
    }
    out
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Percent-encodes one path segment (RFC 3986: unreserved characters stay).
fn encode_segment(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_pair = bytes.get(i + 1..i + 3).and_then(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        });
        if let (b'%', Some(b)) = (bytes[i], hex_pair) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_from_a_propfind_answer_of_any_prefix() {
        let xml = r#"<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">
<D:response><D:href>/dav/bundles/</D:href></D:response>
<D:response><D:href>/dav/bundles/abc-1/</D:href></D:response>
<D:response><d:href>/dav/bundles/F%C3%B6rder%20x.xlsx</d:href></D:response>
</D:multistatus>"#;
        let names: Vec<String> = hrefs(xml).iter().map(|h| percent_decode(h)).collect();
        assert_eq!(
            names,
            [
                "/dav/bundles/",
                "/dav/bundles/abc-1/",
                "/dav/bundles/Förder x.xlsx"
            ]
        );
        assert_eq!(encode_segment("Förder x.xlsx"), "F%C3%B6rder%20x.xlsx");
    }
}

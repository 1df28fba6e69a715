//! The README's pictures, taken from the emulator's demo by the test browser. Not part of
//! the suite (it asserts nothing new): `scripts/screenshots.sh` runs it whenever a screen
//! changes, and writes `docs/screenshots/*.png`.

use fantoccini::Locator;
use std::path::PathBuf;
use tern_e2e::{eventually, Session};

const DEMO_WEEK: &str = "/#/calendar/week/2026-11-16";

async fn save(session: &Session, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    // Let fonts, frames and the last answers settle before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    std::fs::write(dir.join(format!("{name}.png")), session.browser.screenshot().await.unwrap()).unwrap();
}

async fn signed_in(width: u32, height: u32) -> Session {
    let session = Session::start_with_window(width, height).await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    eventually("the folders named", || async {
        session.script("return document.querySelector('[data-testid=folder][data-folder=\"inbox\"]') !== null").await == true
    })
    .await;
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "makes the README's pictures: scripts/screenshots.sh"]
async fn readme_screenshots() {
    let wide = signed_in(1366, 800).await;
    save(&wide, "mail").await;
    let row = "[...document.querySelectorAll('[data-testid=message-row]')].find(r => r.textContent.includes('Photos from the launch')).querySelector('a').click(); return null";
    wide.script(row).await;
    wide.wait_for("message-body").await;
    save(&wide, "message").await;
    wide.open(DEMO_WEEK).await;
    wide.wait_for("event").await;
    save(&wide, "calendar-week").await;
    wide.finish().await;

    let narrow = signed_in(360, 720).await;
    save(&narrow, "narrow-mail").await;
    narrow.browser.find(Locator::Css("[data-testid=message-row]")).await.unwrap().click().await.unwrap();
    narrow.wait_for("message-body").await;
    save(&narrow, "narrow-message").await;
    narrow.finish().await;
}

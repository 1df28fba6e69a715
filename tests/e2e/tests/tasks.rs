//! To Do beyond adding and ticking: lists made, renamed and deleted; a task changed after
//! it was made (title, due day, reminder, importance, note) with its steps; and My Day.

use serde_json::Value;
use tern_e2e::{eventually, graph_get, Session};

const ADELE: &str = "adele@contoso.example";
const TODAY: &str = "const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0')";

async fn task_titles(session: &Session) -> Vec<String> {
    let value = session.script("return [...document.querySelectorAll('[data-testid=task-title]')].map(t => t.textContent)").await;
    serde_json::from_value(value).unwrap_or_default()
}

async fn list_names(session: &Session) -> Vec<String> {
    let value = session.script("return [...document.querySelectorAll('[data-testid=task-list]')].map(t => t.textContent)").await;
    serde_json::from_value(value).unwrap_or_default()
}

async fn click_in_task(session: &Session, title: &str, control: &str) {
    let script = format!(
        "[...document.querySelectorAll('[data-testid=task]')].find(t => t.querySelector('[data-testid=task-title]').textContent === {title:?}).querySelector('[data-testid={control}]').click(); return null"
    );
    session.script(&script).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_tasks_and_steps_change_after_they_are_made_and_my_day_gathers_today() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/tasks").await;
    session.wait_for("task").await;
    // A new list opens at once; then it is renamed.
    session.type_into("list-new-name", "Trip").await;
    session.click("list-new").await;
    eventually("the new list open", || async {
        session.script("return document.querySelector('[data-testid=list-rename-name]')?.value ?? ''").await == "Trip"
    })
    .await;
    let list = session.hash().await.trim_start_matches("#/tasks/").to_owned();
    session.set_value("list-rename-name", "Trip to Berlin").await;
    session.click("list-rename").await;
    eventually("renamed", || async { list_names(&session).await.contains(&"Trip to Berlin".to_owned()) }).await;
    session.type_into("new-task-title", "Pack").await;
    session.click("new-task-add").await;
    eventually("the task", || async { task_titles(&session).await == ["Pack"] }).await;

    // Changed after it was made.
    click_in_task(&session, "Pack", "task-open").await;
    session.wait_for("task-editor").await;
    session.set_value("task-edit-title", "").await;
    session.click("task-edit-save").await;
    assert_eq!(session.text_of("task-edit-problem").await, "Give the task a title.");
    let today = session.script(TODAY).await.as_str().unwrap().to_owned();
    session.set_value("task-edit-title", "Pack the bag").await;
    session.set_value("task-edit-due", &today).await;
    session.set_value("task-edit-reminder", &format!("{today}T18:00")).await;
    session.click("task-edit-important").await;
    session.set_value("task-edit-note", "Adapter for the sockets.").await;
    session.click("task-edit-save").await;
    eventually("saved", || async { session.text_of("task-edit-said").await == "Saved." }).await;
    eventually("the list shows it", || async { task_titles(&session).await == ["Pack the bag"] }).await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let graph = |path: String| {
        let (origin, token) = (session.origin.clone(), token.clone());
        async move { serde_json::from_str::<Value>(&graph_get(&origin, &path, &token).await.1).unwrap() }
    };
    let tasks = graph(format!("/v1.0/me/todo/lists/{list}/tasks")).await;
    let task = &tasks["value"][0];
    assert_eq!(
        (task["title"].as_str(), task["importance"].as_str(), task["isReminderOn"].as_bool()),
        (Some("Pack the bag"), Some("high"), Some(true))
    );
    assert_eq!(task["body"]["content"], "Adapter for the sockets.");
    assert!(task["dueDateTime"]["dateTime"].as_str().unwrap().starts_with(&today));
    let task_id = task["id"].as_str().unwrap().to_owned();

    // Steps, each saved at once.
    for step in ["Passport", "Charger"] {
        session.type_into("task-step-new", step).await;
        session.click("task-step-add").await;
        eventually(&format!("the step {step}"), || async {
            session
                .script("return [...document.querySelectorAll('[data-testid=task-step]')].map(s => s.textContent)")
                .await
                .to_string()
                .contains(step)
        })
        .await;
    }
    session.click_css("[data-testid=task-step]:first-child [data-testid=task-step-done]").await;
    eventually("Passport ticked", || async {
        session.script("return document.querySelector('[data-testid=task-step]').dataset.checked").await == "true"
    })
    .await;
    session.click_css("[data-testid=task-step]:nth-child(2) [data-testid=task-step-delete]").await;
    eventually("Charger gone", || async { session.all("task-step").await.len() == 1 }).await;
    let steps = graph(format!("/v1.0/me/todo/lists/{list}/tasks/{task_id}/checklistItems")).await;
    assert_eq!(steps["value"].as_array().unwrap().len(), 1);
    assert_eq!((steps["value"][0]["displayName"].as_str(), steps["value"][0]["isChecked"].as_bool()), (Some("Passport"), Some(true)));
    session.click("task-edit-close").await;

    // My Day: due today, from whatever list; it is completed from there.
    session.click("task-list-my-day").await;
    eventually("in My Day", || async { task_titles(&session).await.contains(&"Pack the bag".to_owned()) }).await;
    assert!(session.all("new-task").await.is_empty(), "My Day gathers; tasks are added to a list");
    click_in_task(&session, "Pack the bag", "task-complete").await;
    eventually("completed in Graph", || async {
        graph(format!("/v1.0/me/todo/lists/{list}/tasks/{task_id}")).await["status"] == "completed"
    })
    .await;

    // Deleted with its tasks; the default list cannot be.
    session.open(&format!("/#/tasks/{list}")).await;
    session.click("list-delete").await;
    eventually("the list gone", || async { !list_names(&session).await.contains(&"Trip to Berlin".to_owned()) }).await;
    eventually("the default list shown", || async { session.all("list-rename-name").await.len() == 1 }).await;
    assert!(session.all("list-delete").await.is_empty());
    session.finish().await;
}

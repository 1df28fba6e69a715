//! Key–value storage for tokens and cached data: `sessionStorage` by default, memory only,
//! or `localStorage` when the deployment opts in (`token_cache` in `config.json`).
//! Every key is prefixed, so Tern never reads or clears another app's entries.

use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use tern_core::config::TokenCache;
use tern_core::json::FromJson;

const PREFIX: &str = "tern:";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses storage (blocked site data, some private modes).
    Unavailable(String),
    /// The browser's quota is used up.
    Full(String),
    /// What is stored under `key` is not what Tern wrote.
    Corrupt { key: String, detail: String },
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(detail) => write!(f, "The browser does not allow this site to store data ({detail})."),
            Self::Full(detail) => write!(f, "The browser's storage for this site is full ({detail})."),
            Self::Corrupt { key, detail } => write!(f, "Stored data \"{key}\" could not be read ({detail})."),
        }
    }
}

#[derive(Clone)]
pub struct Store {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Web(web_sys::Storage),
    Memory(Rc<RefCell<BTreeMap<String, String>>>),
}

impl Store {
    pub fn open(kind: TokenCache) -> Result<Store, StorageError> {
        let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
        let web = match kind {
            TokenCache::Memory => return Ok(Store::memory()),
            TokenCache::Session => window.session_storage(),
            TokenCache::Local => window.local_storage(),
        };
        match web {
            Ok(Some(storage)) => Ok(Store { backend: Backend::Web(storage) }),
            Ok(None) => Err(StorageError::Unavailable("storage is switched off".into())),
            Err(error) => Err(StorageError::Unavailable(super::js_error_message(&error))),
        }
    }

    pub fn memory() -> Store {
        Store { backend: Backend::Memory(Rc::default()) }
    }

    pub fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let key = format!("{PREFIX}{key}");
        match &self.backend {
            Backend::Web(storage) => storage.get_item(&key).map_err(|error| StorageError::Unavailable(super::js_error_message(&error))),
            Backend::Memory(map) => Ok(map.borrow().get(&key).cloned()),
        }
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let key = format!("{PREFIX}{key}");
        match &self.backend {
            Backend::Web(storage) => storage.set_item(&key, value).map_err(|error| StorageError::Full(super::js_error_message(&error))),
            Backend::Memory(map) => {
                map.borrow_mut().insert(key, value.to_owned());
                Ok(())
            }
        }
    }

    pub fn remove(&self, key: &str) {
        let key = format!("{PREFIX}{key}");
        match &self.backend {
            Backend::Web(storage) => {
                let _ = storage.remove_item(&key);
            }
            Backend::Memory(map) => {
                map.borrow_mut().remove(&key);
            }
        }
    }

    /// Tern's keys that begin with `prefix` (without Tern's own prefix).
    pub fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        let full = format!("{PREFIX}{prefix}");
        let all: Vec<String> = match &self.backend {
            Backend::Web(storage) => {
                let count = storage.length().unwrap_or(0);
                (0..count).filter_map(|index| storage.key(index).ok().flatten()).collect()
            }
            Backend::Memory(map) => map.borrow().keys().cloned().collect(),
        };
        all.into_iter().filter(|key| key.starts_with(&full)).map(|key| key[PREFIX.len()..].to_owned()).collect()
    }

    /// Removes every Tern key beginning with `prefix`: one account's data at sign-out.
    pub fn remove_with_prefix(&self, prefix: &str) {
        for key in self.keys_with_prefix(prefix) {
            self.remove(&key);
        }
    }

    pub fn get_json<T: FromJson>(&self, key: &str) -> Result<Option<T>, StorageError> {
        match self.get(key)? {
            None => Ok(None),
            Some(text) => tern_core::json::from_str(&text)
                .map(Some)
                .map_err(|error| StorageError::Corrupt { key: key.to_owned(), detail: error.to_string() }),
        }
    }

    pub fn set_json<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StorageError> {
        let text =
            serde_json::to_string(value).map_err(|error| StorageError::Corrupt { key: key.to_owned(), detail: error.to_string() })?;
        self.set(key, &text)
    }
}

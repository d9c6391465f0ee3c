//! Follows the session's status while it can still change: Server-Sent Events first
//! (`event: session` carries a whole `PageSession`), polling every 3 s once the stream
//! fails. `event: reconnect` (server shutdown) closes the stream and reopens it shortly.
//! Stops by itself when the session is final, and when dropped.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::{set_interval_with_handle, set_timeout, IntervalHandle};
use leptos::task::spawn_local;
use orkestra_core::api::browser::PageSession;
use orkestra_core::wire::FromWire;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};

use crate::api::Api;

const POLL_EVERY: Duration = Duration::from_secs(3);
const REOPEN_AFTER: Duration = Duration::from_secs(1);

/// A live subscription; dropping it stops everything it started.
pub struct Live(Rc<Inner>);

struct Inner {
    api: Api,
    on_session: Box<dyn Fn(PageSession)>,
    stream: RefCell<Option<Stream>>,
    poll: Cell<Option<IntervalHandle>>,
    stopped: Cell<bool>,
}

/// An open `EventSource` and the callbacks it calls (kept alive as long as it is open).
struct Stream {
    source: EventSource,
    _callbacks: [Closure<dyn FnMut(Event)>; 3],
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

impl Live {
    pub fn follow(api: Api, on_session: impl Fn(PageSession) + 'static) -> Live {
        let inner = Rc::new(Inner {
            api,
            on_session: Box::new(on_session),
            stream: RefCell::new(None),
            poll: Cell::new(None),
            stopped: Cell::new(false),
        });
        open(&inner);
        Live(inner)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        stop(&self.0);
    }
}

/// A callback that holds its subscription weakly, so that dropping `Live` frees it.
fn callback(inner: &Rc<Inner>, f: fn(&Rc<Inner>, Event)) -> Closure<dyn FnMut(Event)> {
    let weak: Weak<Inner> = Rc::downgrade(inner);
    Closure::new(move |event: Event| {
        if let Some(inner) = weak.upgrade() {
            f(&inner, event);
        }
    })
}

fn open(inner: &Rc<Inner>) {
    if inner.stopped.get() {
        return;
    }
    let Ok(source) = EventSource::new(&inner.api.events_url()) else {
        return poll(inner);
    };
    let on_session = callback(inner, |inner, event| {
        let data = event
            .dyn_into::<MessageEvent>()
            .ok()
            .and_then(|e| e.data().as_string());
        if let Some(session) = data
            .and_then(|d| crate::json::parse(&d))
            .and_then(|v| PageSession::from_wire(&v))
        {
            deliver(inner, session);
        }
    });
    let on_reconnect = callback(inner, |inner, _| {
        inner.stream.borrow_mut().take();
        let weak = Rc::downgrade(inner);
        set_timeout(move || weak.upgrade().iter().for_each(open), REOPEN_AFTER);
    });
    let on_error = callback(inner, |inner, _| {
        inner.stream.borrow_mut().take();
        poll(inner);
    });
    let _ = source.add_event_listener_with_callback("session", on_session.as_ref().unchecked_ref());
    let _ =
        source.add_event_listener_with_callback("reconnect", on_reconnect.as_ref().unchecked_ref());
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *inner.stream.borrow_mut() = Some(Stream {
        source,
        _callbacks: [on_session, on_reconnect, on_error],
    });
}

fn poll(inner: &Rc<Inner>) {
    if inner.stopped.get() || inner.poll.get().is_some() {
        return;
    }
    let weak = Rc::downgrade(inner);
    let tick = move || {
        let Some(api) = weak.upgrade().map(|i| i.api.clone()) else {
            return;
        };
        let weak = weak.clone();
        spawn_local(async move {
            // A failed poll is skipped: the next one tries again.
            if let (Ok(session), Some(inner)) = (api.load_session().await, weak.upgrade()) {
                deliver(&inner, session);
            }
        });
    };
    inner
        .poll
        .set(set_interval_with_handle(tick, POLL_EVERY).ok());
}

fn deliver(inner: &Rc<Inner>, session: PageSession) {
    if inner.stopped.get() {
        return;
    }
    let done = session.status.is_final();
    (inner.on_session)(session);
    if done {
        stop(inner);
    }
}

fn stop(inner: &Inner) {
    inner.stopped.set(true);
    inner.stream.borrow_mut().take();
    if let Some(handle) = inner.poll.take() {
        handle.clear();
    }
}

//! [`Dom`]: elements put together by plain function calls and placed in a Leptos view.
//!
//! Leptos compiles every `view!` element into code of its own type: its build, its
//! mount and unmount, the drop of its retained state, once per distinct tree. For the
//! page's instructions, screens and shared inputs, that code was most of the page's size
//! (README, "Page size").
//! [`El`] is one non-generic builder over the browser's DOM, and [`Dom`] one view type
//! for all of it. What changes is tied to the page's state the way Leptos ties its own
//! views: an attribute, a property or a text follows a closure in a `RenderEffect`, and
//! an event calls a closure. The effects and listeners live as long as the view does.
//!
//! Text goes in as text nodes and attribute values through `setAttribute`: nothing is
//! parsed as HTML, so a value from the API cannot become markup.

use std::any::Any;

use leptos::prelude::document;
use leptos::reactive::effect::RenderEffect;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// What keeps a drawn element live: its effects and event listeners. Dropped with the
/// view, which stops them.
type Keep = Vec<Box<dyn Any>>;

/// An element being put together; each call returns it for the next.
pub struct El(Element, Keep);

/// An HTML element `<tag>`.
pub fn el(tag: &str) -> El {
    El(
        document().create_element(tag).expect("a valid tag name"),
        Vec::new(),
    )
}

/// An SVG element `<tag>`.
pub fn svg(tag: &str) -> El {
    El(
        document()
            .create_element_ns(Some(SVG), tag)
            .expect("a valid tag name"),
        Vec::new(),
    )
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> Self {
        // Only the page's own constant names reach here, so this cannot fail.
        drop(self.0.set_attribute(name, value));
        self
    }

    /// The attribute `name` follows `value`: set while it is `Some`, removed on `None`.
    pub fn attr_with(
        self,
        name: &'static str,
        value: impl Fn() -> Option<String> + 'static,
    ) -> Self {
        let e = self.0.clone();
        self.follow(Box::new(move || match value() {
            Some(v) => drop(e.set_attribute(name, &v)),
            None => drop(e.remove_attribute(name)),
        }))
    }

    /// `class`, and `extra` after it while `on` says so (`field--invalid`).
    pub fn class_with(
        self,
        class: &'static str,
        extra: &'static str,
        on: impl Fn() -> bool + 'static,
    ) -> Self {
        self.attr_with("class", move || {
            Some(if on() {
                [class, " ", extra].concat()
            } else {
                class.to_owned()
            })
        })
    }

    /// The DOM property `name` (an input's `value`, `checked`) follows `value`.
    pub fn prop_with(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> Self {
        let e = self.0.clone();
        self.follow(Box::new(move || {
            drop(js_sys::Reflect::set(&e, &JsValue::from_str(name), &value()))
        }))
    }

    /// A text node at the end that follows `text`.
    pub fn text_with(self, text: impl Fn() -> String + 'static) -> Self {
        let node = document().create_text_node("");
        self.node(&node)
            .follow(Box::new(move || node.set_data(&text())))
    }

    /// Calls `handler` on each `event` of this element.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> Self {
        let handler = Closure::<dyn FnMut(Event)>::wrap(Box::new(handler));
        drop(
            self.0
                .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref()),
        );
        self.keep(handler)
    }

    /// Runs `update` now and whenever what it reads changes, while the view lives. Boxed:
    /// one effect type for every changing part of the page.
    fn follow(self, update: Box<dyn Fn()>) -> Self {
        self.keep(RenderEffect::new(move |_| update()))
    }

    fn keep(mut self, it: impl Any) -> Self {
        self.1.push(Box::new(it));
        self
    }

    /// The element itself, for handlers that act on it (focus, select).
    pub fn element(&self) -> Element {
        self.0.clone()
    }

    pub fn class(self, class: &str) -> Self {
        self.attr("class", class)
    }

    /// `attr` when there is a value, nothing otherwise.
    pub fn attr_if(self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// A text node at the end.
    pub fn text(self, text: &str) -> Self {
        self.node(&document().create_text_node(text))
    }

    pub fn child(mut self, child: El) -> Self {
        self.1.extend(child.1);
        self.node(&child.0)
    }

    /// `child` when there is one.
    pub fn child_if(self, child: Option<El>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    fn node(self, node: &Node) -> Self {
        drop(self.0.append_child(node));
        self
    }

    /// `<tag class=class>text</tag>`, the most common shape.
    pub fn with(tag: &str, class: &str, text: &str) -> Self {
        el(tag).class(class).text(text)
    }

    /// This element as a view.
    pub fn view(self) -> Dom {
        Dom(SendWrapper::new((vec![self.0], self.1)))
    }
}

/// Sibling elements as one view; the parts that are `None` are left out.
pub fn dom(parts: Vec<Option<El>>) -> Dom {
    let (mut elements, mut keep) = (Vec::new(), Vec::new());
    for El(e, k) in parts.into_iter().flatten() {
        elements.push(e);
        keep.extend(k);
    }
    Dom(SendWrapper::new((elements, keep)))
}

/// Elements drawn by [`El`], as a view. The elements exist already (the builder made
/// them); building the view only hands them over. `SendWrapper`: Leptos asks views to
/// be `Send`, and the page has one thread.
pub struct Dom(SendWrapper<(Vec<Element>, Keep)>);

/// The drawn elements of a [`Dom`], and what keeps them live.
pub struct DomState {
    elements: Vec<Element>,
    /// Held for its drop alone, which stops the effects and listeners.
    _keep: Keep,
}

impl Mountable for DomState {
    fn unmount(&mut self) {
        for e in &self.elements {
            e.remove();
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        for e in &self.elements {
            drop(parent.insert_before(e, marker));
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self
            .elements
            .first()
            .and_then(|e| Some((e, e.parent_element()?)))
        {
            Some((first, parent)) => {
                child.mount(&parent, Some(first));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<Element> {
        self.elements.clone()
    }
}

impl Render for Dom {
    type State = DomState;

    fn build(self) -> DomState {
        let (elements, keep) = self.0.take();
        DomState {
            elements,
            _keep: keep,
        }
    }

    /// Nothing in a `Dom` is patched: the new elements take the old ones' place.
    fn rebuild(self, state: &mut DomState) {
        crate::kit::fresh::replace(state, self.build());
    }
}

// The rest is what Leptos asks of every view for server rendering and hydration, which
// this client-rendered page never does.
impl AddAnyAttr for Dom {
    type Output<A: Attribute> = Self;

    fn add_any_attr<A: Attribute>(self, _attr: A) -> Self {
        unreachable!("the page spreads no attributes onto drawn elements")
    }
}

impl RenderHtml for Dom {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        for e in &self.0 .0 {
            buf.push_str(&e.outer_html());
        }
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> DomState {
        self.build()
    }

    fn into_owned(self) -> Self {
        self
    }
}

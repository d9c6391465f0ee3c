//! [`Dom`]: elements that never change once drawn, put together by plain function calls
//! and placed in a Leptos view.
//!
//! Leptos compiles every `view!` element into code of its own type: its build, its
//! mount and unmount, the drop of its retained state, once per distinct tree. For what
//! the page draws once and never updates (the instructions' facts and hints, the QR code
//! and barcode, an amount), that code was most of the page's size (README, "Page size").
//! [`El`] is one non-generic builder over the browser's DOM, and [`Dom`] one view type
//! for all of it. Anything that changes (a countdown, a copy button) stays a Leptos view.
//!
//! Text goes in as text nodes and attribute values through `setAttribute`: nothing is
//! parsed as HTML, so a value from the API cannot become markup.

use leptos::prelude::document;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use send_wrapper::SendWrapper;
use web_sys::{Element, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// An element being put together; each call returns it for the next.
pub struct El(Element);

/// An HTML element `<tag>`.
pub fn el(tag: &str) -> El {
    El(document().create_element(tag).expect("a valid tag name"))
}

/// An SVG element `<tag>`.
pub fn svg(tag: &str) -> El {
    El(document()
        .create_element_ns(Some(SVG), tag)
        .expect("a valid tag name"))
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> Self {
        // Only the page's own constant names reach here, so this cannot fail.
        drop(self.0.set_attribute(name, value));
        self
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

    pub fn child(self, child: El) -> Self {
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
        Dom(SendWrapper::new(vec![self.0]))
    }
}

/// Sibling elements as one view; the parts that are `None` are left out.
pub fn dom(parts: Vec<Option<El>>) -> Dom {
    Dom(SendWrapper::new(
        parts.into_iter().flatten().map(|e| e.0).collect(),
    ))
}

/// Elements drawn by [`El`], as a view. The elements exist already (the builder made
/// them); building the view only hands them over. `SendWrapper`: Leptos asks views to
/// be `Send`, and the page has one thread.
pub struct Dom(SendWrapper<Vec<Element>>);

/// The drawn elements of a [`Dom`].
pub struct DomState(Vec<Element>);

impl Mountable for DomState {
    fn unmount(&mut self) {
        for e in &self.0 {
            e.remove();
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        for e in &self.0 {
            drop(parent.insert_before(e, marker));
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self.0.first().and_then(|e| Some((e, e.parent_element()?))) {
            Some((first, parent)) => {
                child.mount(&parent, Some(first));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<Element> {
        self.0.clone()
    }
}

impl Render for Dom {
    type State = DomState;

    fn build(self) -> DomState {
        DomState(self.0.take())
    }

    /// Nothing in a `Dom` is patched: the new elements take the old ones' place.
    fn rebuild(self, state: &mut DomState) {
        let mut new = self.build();
        if state.insert_before_this(&mut new) {
            state.unmount();
        }
        *state = new;
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
        for e in self.0.iter() {
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

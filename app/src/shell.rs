//! The HTML document and the root component with its routes.

use leptos::prelude::*;
use leptos_meta::{Html, Title, provide_meta_context};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::features::account::{AccountPage, SignInPage};
use crate::features::codebooks::{CodebookPage, CodebooksPage};
use crate::features::dashboard::DashboardPage;
use crate::features::errors::{NotFound, OfflinePage};
use crate::features::interviews::InterviewPage;
use crate::features::studies::{StudiesPage, StudyPage};
use crate::features::workshops::{PresenterPage, WorkshopsPage};
use crate::features::{home::HomePage, status::StatusPage};
use crate::i18n::{Key, provide_i18n};
use crate::layout::Layout;

/// The document the server renders around [`App`].
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::{HashedStylesheet, MetaTags};
    // Whose page this is (sync::account): what the browser keeps of it is kept for that account.
    let account = use_context::<crate::sync::account::PageAccount>()
        .map(|a| a.0)
        .unwrap_or_else(|| crate::sync::account::ANONYMOUS.to_string());
    view! {
        <!DOCTYPE html>
        // `lang` comes from <Html> in App, in the reader's language.
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <meta name=crate::sync::account::META content=account/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // Named by content in builds with hash-files, which only the server knows.
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    provide_context(crate::sync::SessionLost(RwSignal::new(false)));

    view! {
        <Html {..} lang=move || i18n.locale().code()/>
        <Title formatter=move |page: String| format!("{page} · {}", i18n.t(Key::AppName))/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("status") view=StatusPage/>
                    <Route path=path!("offline") view=OfflinePage/>
                    <Route path=path!("signin") view=SignInPage/>
                    <Route path=path!("account") view=AccountPage/>
                    <Route path=path!("studies") view=StudiesPage/>
                    <Route path=path!("studies/:id") view=StudyPage/>
                    <Route path=path!("studies/:id/dashboard") view=DashboardPage/>
                    <Route path=path!("studies/:id/workshops") view=WorkshopsPage/>
                    <Route path=path!("workshops/:id") view=PresenterPage/>
                    <Route path=path!("interviews/:id") view=InterviewPage/>
                    <Route path=path!("codebooks") view=CodebooksPage/>
                    <Route path=path!("codebooks/:id") view=CodebookPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Suspense, useState } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router";
import { SignIn } from "../auth/SignIn.tsx";
import { SESSION_KEY, signOut, useSession } from "../auth/session.ts";
import { ErrorMessage, Loading } from "../ui/states.tsx";
import { PAGES } from "./pages.tsx";

/** The signed-in shell: navigation, sign-out, and the page for the current path. */
export function App() {
  const session = useSession();
  if (session.isPending) return <Loading what="TokenLedger" />;
  if (session.isError) return <ErrorMessage error={session.error} action="reach the server" />;
  if (!session.data) return <SignIn />;
  return <Shell />;
}

function Shell() {
  const queryClient = useQueryClient();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const logout = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      // The session query keeps its observers (the app switches to sign-in); the rest is dropped.
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    },
  });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">
          <span className="logo" aria-hidden="true">
            ◆
          </span>{" "}
          TokenLedger
        </span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? "open" : ""}>
          <ul>
            {PAGES.map((page) => (
              <li key={page.path}>
                <NavLink to={page.path} end={page.path === "/"} onClick={() => setMenuOpen(false)}>
                  {page.title}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="sign-out"
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1} key={location.pathname}>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            {PAGES.map(({ path, component: Component }) => (
              <Route key={path} path={path} element={<Component />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no dashboard page at this address. <NavLink to="/">Go to the overview</NavLink>.
      </p>
    </section>
  );
}

import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { NavigationItem } from "~/lib/navigation";

type HeaderMember = { name: string } | null;

function NavigationList({
  items,
  signedIn,
  className,
}: {
  items: NavigationItem[];
  signedIn: boolean;
  className: string;
}) {
  return (
    <ul className={className}>
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end={item.to === "/"} className="navigation__link">
            {item.label}
          </NavLink>
        </li>
      ))}
      {!signedIn ? (
        <li>
          <NavLink to="/register" className="navigation__link">
            Register
          </NavLink>
        </li>
      ) : null}
    </ul>
  );
}

function Account({ member }: { member: HeaderMember }) {
  const location = useLocation();
  if (member) {
    return (
      <div className="header__account">
        <span className="header__name">Signed in as {member.name}</span>
        <Form method="post" action="/logout">
          <button type="submit" className="link-button">
            Sign out
          </button>
        </Form>
      </div>
    );
  }
  if (location.pathname === "/login") return null;
  return (
    <div className="header__account">
      <Link to="/login">Sign in</Link>
    </div>
  );
}

/**
 * The site header. On a wide screen the account links and the navigation show
 * in full; on a narrow one (or with large text) they fold behind a Menu button,
 * a <details> element, so the button works by keyboard and without JavaScript.
 * Only one of the two is displayed at a time, so only one is in the
 * accessibility tree.
 */
export function SiteHeader({ member, navigation }: { member: HeaderMember; navigation: NavigationItem[] }) {
  // A new page starts with the menu folded (the key makes a new <details> for each path).
  const { pathname } = useLocation();
  return (
    <header className="header">
      <div className="header__inner width-container">
        <Link to="/" className="header__brand">
          Champions Network
          <span className="header__strap">Oxfordshire Homelessness Champions</span>
        </Link>
        <div className="header__wide">
          <Account member={member} />
        </div>
        <details className="menu" key={pathname}>
          <summary className="menu__button">Menu</summary>
          <div className="menu__panel">
            <nav aria-label="Main">
              <NavigationList items={navigation} signedIn={member !== null} className="menu__list" />
            </nav>
            <Account member={member} />
          </div>
        </details>
      </div>
      <nav className="navigation header__wide" aria-label="Main">
        <NavigationList items={navigation} signedIn={member !== null} className="navigation__list width-container" />
      </nav>
    </header>
  );
}

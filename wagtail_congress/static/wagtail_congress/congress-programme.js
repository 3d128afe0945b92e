/*! <congress-programme> — wagtail-congress's embeddable programme. No framework, no build.
 *
 *   <script type="module" src="https://SITE/static/wagtail_congress/congress-programme.js"></script>
 *   <congress-programme api="https://SITE/api/congress/" congress="12" locale="pl"></congress-programme>
 *
 * congress: a congress id (any language version) or its path ("/en/urban-policy-congress-2021/").
 * Optional: starred-calendar="https://SITE/…/starred.ics" — an iCal endpoint taking
 * ?sessions=1,2,3; without it the starred sessions' calendar is generated in the browser.
 * Reads only the public API (congresses/…, programme/). Stars are kept in localStorage.
 */
(() => {
  "use strict";
  const STRINGS = {
    en: {
      loading: "Loading the programme…", error: "The programme could not be loaded.",
      days: "Days", filters: "Filters", track: "Track", area: "Thematic area", format: "Format",
      language: "Language", room: "Room", all: "All", agenda: "My agenda only",
      star: "Add to my agenda", unstar: "Remove from my agenda", calendar: "Calendar of my agenda (.ics)",
      count: (n) => (n === 1 ? "1 session" : `${n} sessions`), none: "No sessions match these filters.",
      speakers: "Speakers", programme: "Programme",
    },
    pl: {
      loading: "Wczytywanie programu…", error: "Nie udało się wczytać programu.",
      days: "Dni", filters: "Filtry", track: "Ścieżka", area: "Obszar tematyczny", format: "Format",
      language: "Język", room: "Sala", all: "Wszystkie", agenda: "Tylko mój program",
      star: "Dodaj do mojego programu", unstar: "Usuń z mojego programu",
      calendar: "Kalendarz mojego programu (.ics)",
      count: (n) => `${n} ${n === 1 ? "sesja" : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? "sesje" : "sesji"}`,
      none: "Żadna sesja nie spełnia tych warunków.", speakers: "Prelegenci", programme: "Program",
    },
  };
  const FILTERS = [
    ["track", (s) => (s.track ? [String(s.track.id), s.track.title] : null)],
    ["area", (s) => s.thematic_areas.map((a) => [String(a.translation_key), a.name])],
    ["format", (s) => [s.format, s.format_label]],
    ["language", (s) => [s.language, s.language_label]],
    ["room", (s) => (s.room && s.format !== "break" ? [s.room, s.room] : null)],
  ];
  const CSS = `
:host{display:block;font:inherit;color:inherit}
*{box-sizing:border-box}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}
label{display:grid;gap:.2rem;font-weight:600}
select,button{font:inherit}
[role=tablist]{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
[role=tab]{padding:.4rem .8rem;border:1px solid #0b4f8a;border-radius:.25rem;background:#fff;color:#0b4f8a;cursor:pointer}
[role=tab][aria-selected=true]{background:#0b4f8a;color:#fff}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
ol{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
.s{position:relative;padding:.5rem 2.6rem .5rem .75rem;border:1px solid #ccc;border-left:.4rem solid var(--c,#888);border-radius:.25rem;background:#fff}
.s p,.s h3{margin:.1rem 0}.s h3{font-size:1rem}.m{font-size:.9rem;color:#333}
.b{background:#f4f4f4;text-align:center;border-left-color:#aaa}
.star{position:absolute;top:.35rem;right:.35rem;border:0;background:none;font-size:1.3rem;line-height:1;cursor:pointer;color:#555;padding:.2rem}
.star[aria-pressed=true]{color:#b35900}
.h{display:none}
a{color:#0b4f8a}
.wrap{container-type:inline-size}
@container (min-width: 56rem){
 ol.grid{grid-template-columns:4rem repeat(var(--rooms),minmax(0,1fr))}
 ol.grid>li{grid-row:var(--row);grid-column:var(--col)}
 ol.grid .h{display:block;font-weight:700}
 ol.grid .r{padding:.25rem .5rem;border-bottom:2px solid #0b4f8a}
 ol.grid .t{grid-column:1;padding-top:.5rem}
 ol.grid .room{display:none}
}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

  /* A filter's [value, label] pairs for a session: none, one or (thematic areas) several. */
  const pairs = (value) => (!value ? [] : value.length === 0 || Array.isArray(value[0]) ? value : [value]);
  const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  class CongressProgramme extends HTMLElement {
    static get observedAttributes() { return ["api", "congress", "locale"]; }

    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.state = { day: null, filters: {}, agenda: false };
    }

    connectedCallback() { this.load(); }
    attributeChangedCallback() { if (this.isConnected && this.data) this.load(); }

    get lang() { return (this.getAttribute("locale") || document.documentElement.lang || "en").slice(0, 2); }
    get t() { return STRINGS[this.lang] || STRINGS.en; }
    get api() { return new URL(this.getAttribute("api") || "/api/congress/", document.baseURI).href.replace(/\/?$/, "/"); }
    get storageKey() { return `congress-programme:${new URL(this.api).host}:starred`; }

    async get(path) {
      const response = await fetch(new URL(path, this.api), { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`${response.status} ${path}`);
      return response.json();
    }

    async load() {
      const t = this.t;
      this.root.innerHTML = `<style>${CSS}</style><p role="status">${esc(t.loading)}</p>`;
      try {
        const locale = encodeURIComponent(this.lang);
        const ref = (this.getAttribute("congress") || "").trim();
        let congress = /^\d+$/.test(ref)
          ? await this.get(`congresses/${ref}/?locale=${locale}`)
          : await this.get(`congresses/find/?path=${encodeURIComponent(ref)}&locale=${locale}`);
        const own = congress.translations && congress.translations[this.lang];
        if (own && own.id !== congress.id) congress = await this.get(`congresses/${own.id}/?locale=${locale}`);
        this.congress = congress;
        this.data = await this.get(`congresses/${congress.id}/programme/?locale=${locale}`);
        const days = this.data.days.map((d) => d.date);
        const today = new Intl.DateTimeFormat("en-CA", { timeZone: this.data.timezone }).format(new Date());
        this.state.day = days.includes(this.state.day) ? this.state.day : days.includes(today) ? today : days[0];
        this.render();
      } catch (error) {
        this.root.innerHTML = `<style>${CSS}</style><p role="alert">${esc(t.error)}</p>`;
        console.error("congress-programme:", error);
        this.dispatchEvent(new CustomEvent("congress-programme-error", { detail: String(error) }));
      }
    }

    /* Stars: every language version's id of a session, so a star survives a language switch. */
    starred() {
      try { return new Set(JSON.parse(localStorage.getItem(this.storageKey) || "[]")); } catch { return new Set(); }
    }
    ids(session) {
      return [session.id, ...Object.values(session.translations || {}).map((v) => v.id)].map(String);
    }
    isStarred(session, stars = this.starred()) { return this.ids(session).some((id) => stars.has(id)); }
    toggleStar(session) {
      const stars = this.starred();
      const on = !this.isStarred(session, stars);
      this.ids(session).forEach((id) => (on ? stars.add(id) : stars.delete(id)));
      localStorage.setItem(this.storageKey, JSON.stringify([...stars]));
      return on;
    }

    allSessions() { return this.data.days.flatMap((d) => d.sessions); }

    options(name, pick) {
      const seen = new Map();
      for (const session of this.allSessions()) {
        for (const [key, label] of pairs(pick(session))) seen.set(key, label);
      }
      return [...seen].sort((a, b) => (name === "track" ? 0 : a[1].localeCompare(b[1], this.lang)));
    }

    matches(session, stars) {
      if (this.state.agenda && !this.isStarred(session, stars)) return false;
      return FILTERS.every(([name, pick]) => {
        const wanted = this.state.filters[name];
        if (!wanted) return true;
        if (name === "room" && session.format === "break") return true;
        return pairs(pick(session)).some(([key]) => key === wanted);
      });
    }

    time(iso) {
      return new Intl.DateTimeFormat(this.lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: this.data.timezone }).format(new Date(iso));
    }

    dayLabel(date) {
      return new Intl.DateTimeFormat(this.lang, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));
    }

    render() {
      const t = this.t;
      const id = (name) => `cp-${name}`;
      const filters = FILTERS.map(([name, pick]) => {
        const options = this.options(name, pick).map(([value, label]) =>
          `<option value="${esc(value)}"${this.state.filters[name] === value ? " selected" : ""}>${esc(label)}</option>`).join("");
        return `<label for="${id(name)}">${esc(t[name])}<select id="${id(name)}" data-filter="${name}"><option value="">${esc(t.all)}</option>${options}</select></label>`;
      }).join("");
      const tabs = this.data.days.map((d) => {
        const selected = d.date === this.state.day;
        return `<button role="tab" id="tab-${d.date}" aria-controls="panel" aria-selected="${selected}" tabindex="${selected ? 0 : -1}" data-day="${d.date}">${esc(this.dayLabel(d.date))}</button>`;
      }).join("");
      this.root.innerHTML = `<style>${CSS}</style>
<section class="wrap" lang="${esc(this.lang)}" aria-label="${esc(t.programme)}: ${esc(this.congress.title)}">
<div class="bar" role="group" aria-label="${esc(t.filters)}">${filters}
<label class="agenda"><span><input type="checkbox" data-agenda${this.state.agenda ? " checked" : ""}> ${esc(t.agenda)}</span></label>
<a class="cal" part="calendar-link" href="#">${esc(t.calendar)}</a></div>
<div role="tablist" aria-label="${esc(t.days)}">${tabs}</div>
<div id="panel" role="tabpanel" aria-labelledby="tab-${this.state.day}"></div>
<p class="sr" role="status" aria-live="polite" id="count"></p></section>`;
      this.root.querySelectorAll("[data-filter]").forEach((select) => select.addEventListener("change", () => {
        this.state.filters[select.dataset.filter] = select.value;
        this.renderDay();
      }));
      this.root.querySelector("[data-agenda]").addEventListener("change", (event) => {
        this.state.agenda = event.target.checked;
        this.renderDay();
      });
      const tablist = this.root.querySelector("[role=tablist]");
      tablist.addEventListener("click", (event) => {
        const tab = event.target.closest("[role=tab]");
        if (tab) this.selectDay(tab.dataset.day, false);
      });
      tablist.addEventListener("keydown", (event) => {
        const tabs = [...tablist.querySelectorAll("[role=tab]")];
        const index = tabs.findIndex((tab) => tab.dataset.day === this.state.day);
        const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
        if (!(event.key in moves)) return;
        event.preventDefault();
        this.selectDay(tabs[(moves[event.key] + tabs.length) % tabs.length].dataset.day, true);
      });
      this.renderDay();
    }

    selectDay(day, focus) {
      this.state.day = day;
      this.root.querySelectorAll("[role=tab]").forEach((tab) => {
        const selected = tab.dataset.day === day;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
        if (selected && focus) tab.focus();
      });
      this.root.getElementById("panel").setAttribute("aria-labelledby", `tab-${day}`);
      this.renderDay();
    }

    renderDay() {
      const t = this.t;
      const stars = this.starred();
      const day = this.data.days.find((d) => d.date === this.state.day) || { sessions: [] };
      const sessions = day.sessions.filter((s) => this.matches(s, stars));
      const talks = sessions.filter((s) => s.format !== "break");
      const rooms = [...new Set(talks.map((s) => s.room).filter(Boolean))].sort((a, b) => a.localeCompare(b, this.lang));
      const times = [...new Set(sessions.flatMap((s) => [s.start, s.end].map((v) => Date.parse(v))))].sort((a, b) => a - b);
      const line = (iso) => times.indexOf(Date.parse(iso)) + 2;
      const base = this.api;
      const items = sessions.map((s) => {
        const spans = s.format === "break" || !rooms.includes(s.room);
        const col = spans ? "2 / -1" : rooms.indexOf(s.room) + 2;
        const when = `<time datetime="${esc(s.start)}">${this.time(s.start)}</time>–<time datetime="${esc(s.end)}">${this.time(s.end)}</time>`;
        const style = `--row:${line(s.start)} / ${line(s.end)};--col:${col};${s.track?.colour ? `--c:${esc(s.track.colour)}` : ""}`;
        if (s.format === "break") return `<li class="s b" style="${style}"><p class="m">${when}</p><p>${esc(s.title)}</p></li>`;
        const on = this.isStarred(s, stars);
        const href = s.url ? new URL(s.url, base).href : null;
        const title = href ? `<a href="${esc(href)}">${esc(s.title)}</a>` : esc(s.title);
        const meta = [s.track?.title, s.format_label, s.language_label].filter(Boolean).map(esc).join(" · ");
        const speakers = s.speakers.map((p) => esc(p.name)).join(", ");
        return `<li class="s" style="${style}" data-session="${s.id}"><p class="m">${when}${s.room ? `<span class="room"> · ${esc(s.room)}</span>` : ""}</p>
<h3>${title}</h3><p class="m">${meta}</p>${speakers ? `<p class="m"><span class="sr">${esc(t.speakers)}: </span>${speakers}</p>` : ""}
<button class="star" type="button" data-star="${s.id}" aria-pressed="${on}" aria-label="${esc(on ? t.unstar : t.star)}: ${esc(s.title)}">${on ? "★" : "☆"}</button></li>`;
      });
      const headers = rooms.map((room, i) => `<li class="h r" aria-hidden="true" style="--col:${i + 2};--row:1">${esc(room)}</li>`)
        .concat([...new Set(sessions.map((s) => s.start))].map((iso) => `<li class="h t" aria-hidden="true" style="--row:${line(iso)}">${this.time(iso)}</li>`));
      const panel = this.root.getElementById("panel");
      panel.innerHTML = sessions.length
        ? `<ol class="grid" style="--rooms:${rooms.length || 1}">${headers.join("")}${items.join("")}</ol>`
        : `<p>${esc(t.none)}</p>`;
      this.root.getElementById("count").textContent = t.count(talks.length);
      panel.querySelectorAll("[data-star]").forEach((button) => button.addEventListener("click", () => {
        const session = day.sessions.find((s) => String(s.id) === button.dataset.star);
        const on = this.toggleStar(session);
        button.setAttribute("aria-pressed", String(on));
        button.setAttribute("aria-label", `${on ? t.unstar : t.star}: ${session.title}`);
        button.textContent = on ? "★" : "☆";
        this.updateCalendar();
        if (this.state.agenda) this.renderDay();
      }));
      this.updateCalendar();
    }

    /* The starred sessions as a calendar: the site's endpoint when given, else an .ics built here. */
    updateCalendar() {
      const link = this.root.querySelector(".cal");
      const stars = this.starred();
      const sessions = this.allSessions().filter((s) => s.format !== "break" && this.isStarred(s, stars));
      link.hidden = sessions.length === 0;
      const endpoint = this.getAttribute("starred-calendar");
      if (endpoint) {
        const url = new URL(endpoint, document.baseURI);
        url.searchParams.set("sessions", sessions.map((s) => s.id).join(","));
        link.href = url.href;
        link.removeAttribute("download");
        return;
      }
      if (this.calendarUrl) URL.revokeObjectURL(this.calendarUrl);
      this.calendarUrl = URL.createObjectURL(new Blob([this.ics(sessions)], { type: "text/calendar" }));
      link.href = this.calendarUrl;
      link.download = "my-agenda.ics";
    }

    ics(sessions) {
      const stamp = (iso) => new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
      const text = (value) => String(value || "").replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
      const fold = (line) => line.match(/.{1,73}/gu)?.join("\r\n ") ?? line;
      const host = new URL(this.api).host;
      const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//wagtail-congress//congress-programme//EN", "CALSCALE:GREGORIAN"];
      for (const s of sessions) {
        lines.push("BEGIN:VEVENT", `UID:session-${s.id}@${host}`, `DTSTAMP:${stamp(new Date().toISOString())}`,
          `DTSTART:${stamp(s.start)}`, `DTEND:${stamp(s.end)}`, `SUMMARY:${text(s.title)}`);
        if (s.room) lines.push(`LOCATION:${text(s.room)}`);
        if (s.url) lines.push(`URL:${new URL(s.url, this.api).href}`);
        lines.push("END:VEVENT");
      }
      lines.push("END:VCALENDAR");
      return lines.map(fold).join("\r\n") + "\r\n";
    }
  }

  if (!customElements.get("congress-programme")) customElements.define("congress-programme", CongressProgramme);
})();

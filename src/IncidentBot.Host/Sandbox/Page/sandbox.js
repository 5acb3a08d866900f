// IncidentBot sandbox page. Plain JavaScript, no build step.
// People's text is only ever inserted with textContent; the bot's messages arrive as HTML the server
// rendered from Markdown with raw HTML disabled and unsafe links removed.
"use strict";

(() => {
  const POLL_MS = 1500;
  const CHANNELS_MS = 5000;
  const COMMAND_LINK = "#cmd=";
  const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;

  // The grammar of DESIGN §5, for the suggestion list under "/".
  const COMMANDS = [
    ["/incident declare ", "<title> [sev1..sev4]", "Open an incident"],
    ["/incident timeline ", "<text>", "Add a key event now"],
    ["/incident timeline 14:05 ", "<text>", "Back-date a key event"],
    ["/incident timeline", "", "Show the timeline so far"],
    ["/incident status ", "investigating|identified|monitoring|resolved [note]", "Change status"],
    ["/incident sev ", "<1-4>", "Change severity"],
    ["/incident role commander ", "@user", "Assign a role (commander, comms, scribe)"],
    ["/incident summary ", "<text>", "Set the summary"],
    ["/incident impact ", "<text>", "Describe the impact"],
    ["/incident resolve ", "[note]", "Resolve the incident"],
    ["/incident show", "", "Show the incident"],
    ["/incident list", "", "List open incidents"],
    ["/incident help", "", "All incident commands"],
    ["/postmortem draft", "", "Compile the blameless draft"],
    ["/postmortem schedule ", "<when> [facilitator @user]", "Book the review"],
    ["/postmortem contribute ", "<text>", "Your own account"],
    ["/postmortem why ", "<text>", "Next of the 5 Whys"],
    ["/postmortem factor ", "<text>", "A contributing factor"],
    ["/postmortem learned ", "well|wrong|lucky <text>", "A lesson"],
    ["/postmortem action ", "<title> owner:@user due:<date>", "A SMART action item"],
    ["/postmortem actions", "[mine|all]", "List action items"],
    ["/postmortem done ", "<AI-n>", "Mark an action item done"],
    ["/postmortem facilitators ", "add|remove @user | list", "The facilitator pool"],
    ["/postmortem facilitate ", "accept|pass", "Answer a facilitation request"],
    ["/postmortem review done", "", "Mark the review as held"],
    ["/postmortem digest here", "", "Overdue digest in this channel"],
    ["/postmortem publish", "", "Publish the postmortem"],
    ["/postmortem help", "", "All postmortem commands"],
  ];

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const state = {
    user: localStorage.getItem("sandbox.user") || "",
    channel: "general",
    channels: new Set(["general"]),
    localChannels: new Set(JSON.parse(localStorage.getItem("sandbox.channels") || "[]")),
    messages: new Map(),
    lastId: 0,
    revision: 0,
    generation: 0,
    pollTimer: 0,
    history: [],
    historyIndex: -1,
    suggestionIndex: 0,
  };

  // ---------- API ----------

  async function api(method, path, body) {
    const options = { method, headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error(describeProblem(data, response.status));
    }
    return data;
  }

  function describeProblem(problem, status) {
    if (problem && problem.errors) {
      return Object.values(problem.errors).flat().join(" ");
    }
    if (problem && (problem.detail || problem.title)) {
      return problem.detail || problem.title;
    }
    return `The server answered ${status}.`;
  }

  // ---------- Users and avatars ----------

  function slug(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function userId(name) {
    return "u-" + slug(name);
  }

  function colorFor(id) {
    let hash = 0;
    for (const c of id) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
    return `hsl(${hash % 360} 55% 45%)`;
  }

  function avatar(id, name, fromBot, small) {
    const node = el("span", "avatar" + (small ? " avatar-small" : "") + (fromBot ? " bot" : ""));
    node.setAttribute("aria-hidden", "true");
    if (fromBot) {
      node.textContent = "IB";
    } else {
      node.textContent = Array.from(name.trim())[0] || "?";
      node.style.background = colorFor(id);
    }
    return node;
  }

  function showMe() {
    $("me-name").textContent = state.user;
    const old = $("me-avatar");
    const fresh = avatar(userId(state.user), state.user, false, true);
    fresh.id = "me-avatar";
    old.replaceWith(fresh);
  }

  function askName() {
    const dialog = $("name-dialog");
    $("name-input").value = state.user;
    $("name-error").hidden = true;
    dialog.showModal();
    $("name-input").focus();
  }

  $("name-form").addEventListener("submit", (event) => {
    const name = $("name-input").value.trim();
    if (!name || !slug(name)) {
      event.preventDefault();
      $("name-error").textContent = "Use at least one letter or digit.";
      $("name-error").hidden = false;
      return;
    }
    state.user = name;
    localStorage.setItem("sandbox.user", name);
    showMe();
    restartChannel();
    setTimeout(() => $("input").focus(), 0);
  });

  $("name-dialog").addEventListener("cancel", (event) => {
    if (!state.user) event.preventDefault();
  });

  $("me-button").addEventListener("click", askName);

  // ---------- Channels ----------

  function normaliseChannel(text) {
    return text.trim().replace(/^#/, "").toLowerCase().replace(/\s+/g, "-").replace(/[^a-z0-9_-]/g, "");
  }

  async function refreshChannels() {
    try {
      const data = await api("GET", "/sandbox/channels");
      for (const name of data.channels) state.channels.add(name);
    } catch {
      // The next refresh tries again; the current channel keeps working.
    }
    renderChannels();
  }

  function renderChannels() {
    const all = new Set([...state.channels, ...state.localChannels, state.channel]);
    const sorted = [...all].sort();
    const plain = sorted.filter((name) => !name.startsWith("inc-"));
    const incidents = sorted.filter((name) => name.startsWith("inc-"));
    fillChannelList($("channel-list"), plain, null);
    fillChannelList($("incident-list"), incidents, "None yet. Declare one with /incident declare.");
  }

  function fillChannelList(list, names, emptyText) {
    list.replaceChildren();
    if (names.length === 0 && emptyText) {
      list.append(el("li", "empty", emptyText));
      return;
    }
    for (const name of names) {
      const item = el("li");
      const button = el("button", "channel-link" + (name === state.channel ? " active" : ""));
      button.type = "button";
      button.append(el("span", "hash", "#"), el("span", "", name));
      button.addEventListener("click", () => switchChannel(name));
      item.append(button);
      list.append(item);
    }
  }

  function switchChannel(name, messageId) {
    if (!CHANNEL_PATTERN.test(name)) return;
    state.channel = name;
    state.pendingHighlight = messageId || null;
    localStorage.setItem("sandbox.channel", name);
    const url = new URL(location.href);
    url.searchParams.set("channel", name);
    if (messageId) url.searchParams.set("message", messageId); else url.searchParams.delete("message");
    history.replaceState(null, "", url);
    restartChannel();
    renderChannels();
    $("input").focus();
  }

  $("new-channel").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("new-channel-name");
    const name = normaliseChannel(input.value);
    if (!CHANNEL_PATTERN.test(name)) {
      toast("A channel name is lowercase letters, digits, - or _.", true);
      return;
    }
    state.localChannels.add(name);
    localStorage.setItem("sandbox.channels", JSON.stringify([...state.localChannels]));
    input.value = "";
    switchChannel(name);
  });

  // ---------- Messages ----------

  function restartChannel() {
    state.generation += 1;
    state.messages.clear();
    state.lastId = 0;
    state.revision = 0;
    $("messages").replaceChildren();
    $("channel-title").textContent = "# " + state.channel;
    $("empty-channel-name").textContent = "#" + state.channel;
    $("channel-topic").textContent = state.channel.startsWith("inc-")
      ? "Incident channel: messages here are the incident's transcript; pin one to put it on the timeline."
      : "Messages here are ordinary chat. Declare an incident to get a channel of its own.";
    $("input").placeholder = `Message #${state.channel}, or /incident …`;
    clearTimeout(state.pollTimer);
    poll();
  }

  async function poll() {
    clearTimeout(state.pollTimer);
    const generation = state.generation;
    if (!state.user) {
      state.pollTimer = setTimeout(poll, POLL_MS);
      return;
    }
    let again = false;
    try {
      const query = new URLSearchParams({ viewer: state.user, after: state.lastId, since: state.revision });
      const data = await api("GET", `/sandbox/channels/${encodeURIComponent(state.channel)}/messages?${query}`);
      if (generation !== state.generation) return;
      apply(data);
      again = data.hasMore;
    } catch {
      // Keep polling: the host may be restarting.
    }
    if (generation === state.generation) {
      state.pollTimer = setTimeout(poll, again ? 0 : POLL_MS);
    }
  }

  function apply(data) {
    const scroller = $("scroller");
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    for (const message of data.messages) {
      if (state.messages.has(message.id)) continue;
      state.messages.set(message.id, message);
      $("messages").append(...renderMessage(message));
    }
    for (const update of data.updates) {
      const message = state.messages.get(update.id);
      if (!message) continue;
      Object.assign(message, {
        text: update.text ?? message.text,
        editedAt: update.editedAt,
        deleted: update.deleted,
        pinned: update.pinned,
      });
      redraw(message);
    }
    state.lastId = data.lastId;
    state.revision = data.revision;
    $("empty-channel").hidden = state.messages.size > 0;
    if (data.messages.length > 0 && (nearBottom || data.messages.some((m) => m.authorId === userId(state.user)))) {
      scroller.scrollTop = scroller.scrollHeight;
    }
    if (state.pendingHighlight && state.messages.has(Number(state.pendingHighlight))) {
      const node = document.querySelector(`[data-id="${Number(state.pendingHighlight)}"]`);
      state.pendingHighlight = null;
      if (node) {
        node.scrollIntoView({ block: "center" });
        node.classList.add("highlight");
      }
    }
  }

  function dayLabel(date) {
    const today = new Date();
    const yesterday = new Date(today);
    yesterday.setDate(today.getDate() - 1);
    if (date.toDateString() === today.toDateString()) return "Today";
    if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
    return date.toLocaleDateString([], { weekday: "long", month: "long", day: "numeric", year: "numeric" });
  }

  function renderMessage(message) {
    const nodes = [];
    const list = $("messages");
    const previous = list.lastElementChild;
    const posted = new Date(message.postedAt);
    const day = posted.toDateString();
    if (!previous || previous.dataset.day !== day) {
      const divider = el("li", "day-divider", dayLabel(posted));
      divider.dataset.day = day;
      divider.setAttribute("role", "separator");
      nodes.push(divider);
    }
    const item = el("li", "message");
    item.dataset.id = message.id;
    item.dataset.day = day;
    item.dataset.author = message.authorId;
    item.dataset.time = posted.getTime();
    const continues = previous && previous.classList.contains("message")
      && previous.dataset.author === message.authorId && previous.dataset.day === day
      && posted.getTime() - Number(previous.dataset.time) < 5 * 60 * 1000
      && !message.private && !previous.classList.contains("private");
    if (continues) item.classList.add("continued");
    fillMessage(item, message);
    nodes.push(item);
    return nodes;
  }

  function redraw(message) {
    const item = document.querySelector(`.message[data-id="${message.id}"]`);
    if (item && !item.querySelector(".edit-box")) fillMessage(item, message);
  }

  function fillMessage(item, message) {
    item.replaceChildren();
    item.classList.toggle("private", message.private);
    item.classList.toggle("pinned", message.pinned && !message.deleted);
    const posted = new Date(message.postedAt);

    item.append(avatar(message.authorId, message.authorName, message.fromBot, false));

    const header = el("div", "message-header");
    header.append(el("span", "author", message.authorName));
    if (message.fromBot) header.append(el("span", "badge", "APP"));
    const time = el("time", "time", posted.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
    time.dateTime = message.postedAt;
    time.title = posted.toLocaleString();
    header.append(time);
    if (message.editedAt && !message.deleted) header.append(el("span", "edited", "(edited)"));
    if (message.pinned && !message.deleted) header.append(el("span", "pin-mark", "📌 Pinned"));
    if (message.private) header.append(el("span", "private-note", "👁 Only visible to you"));
    item.append(header);

    const body = el("div", "message-body");
    if (message.deleted) {
      body.append(el("p", "deleted", "This message was deleted."));
    } else if (message.fromBot) {
      const markdown = el("div", "markdown");
      markdown.innerHTML = message.html; // Safe: rendered by the server with raw HTML disabled.
      body.append(markdown);
      if (message.attachments && message.attachments.length > 0) body.append(files(message.attachments));
    } else {
      body.append(el("p", "text", message.text));
    }
    item.append(body);

    if (!message.fromBot && !message.deleted) item.append(tools(message));
  }

  // A chip per file: title, name and size as text; links only to the server's own paths.
  function files(attachments) {
    const list = el("div", "files");
    for (const file of attachments) {
      const chip = el("div", "file");
      const extension = (file.fileName.match(/\.([a-z0-9]{1,4})$/i) || [, "file"])[1];
      chip.append(el("span", "file-icon", extension));
      const about = el("span", "file-about");
      about.append(el("span", "file-title", file.title), el("span", "file-meta", `${file.fileName} · ${formatSize(file.size)}`));
      chip.append(about);
      const links = el("span", "file-links");
      const link = (label, url, title, download) => {
        if (typeof url !== "string" || !url.startsWith("/") || url.startsWith("//")) return;
        const a = el("a", "", label);
        a.href = url;
        a.title = title;
        if (download) a.setAttribute("download", file.fileName); else { a.target = "_blank"; a.rel = "noopener noreferrer"; }
        links.append(a);
      };
      link("View", file.viewUrl, "View it in a new tab", false);
      link("Download", file.downloadUrl, `Download ${file.fileName}`, true);
      if (file.pageUrl) link("Open as page", file.pageUrl, "Open it as a web page, with every version", false);
      chip.append(links);
      list.append(chip);
    }
    return list;
  }

  function formatSize(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  }

  function tools(message) {
    const bar = el("div", "tools");
    const add = (label, title, action) => {
      const button = el("button", "tool", label);
      button.type = "button";
      button.title = title;
      button.setAttribute("aria-label", title);
      button.addEventListener("click", action);
      bar.append(button);
    };
    if (message.pinned) {
      add("📌 Unpin", "Unpin: take it off the incident timeline", () => setPinned(message, false));
    } else {
      add("📌 Pin", "Pin: put it on the incident timeline at its original time", () => setPinned(message, true));
    }
    if (message.authorId === userId(state.user)) {
      add("✏️", "Edit message", () => startEdit(message));
      add("🗑", "Delete message", () => remove(message));
    }
    return bar;
  }

  async function setPinned(message, pinned) {
    try {
      const path = `/sandbox/messages/${message.id}/pin`;
      const result = pinned
        ? await api("POST", path, { user: state.user })
        : await api("DELETE", `${path}?user=${encodeURIComponent(state.user)}`);
      Object.assign(message, result.message);
      redraw(message);
      reportCapture(result.capture, pinned
        ? { captured: "📌 Pinned: added to the incident timeline at its original time.", ignored: "📌 Pinned. This is not an incident channel, so no timeline changed." }
        : { updated: "Unpinned: taken off the incident timeline (it stays in the transcript)." });
    } catch (error) {
      toast(error.message, true);
    }
  }

  function startEdit(message) {
    const item = document.querySelector(`.message[data-id="${message.id}"]`);
    if (!item) return;
    const body = item.querySelector(".message-body");
    const box = el("div", "edit-box");
    const area = el("textarea");
    area.value = message.text;
    area.maxLength = 4000;
    const hint = el("div", "edit-hint", "Enter to save · Esc to cancel");
    box.append(area, hint);
    body.replaceChildren(box);
    item.querySelector(".tools")?.remove();
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    area.addEventListener("keydown", async (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        fillMessage(item, message);
      } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        const text = area.value.trim();
        if (!text || text === message.text) {
          fillMessage(item, message);
          return;
        }
        try {
          const result = await api("PUT", `/sandbox/messages/${message.id}`, { user: state.user, text });
          Object.assign(message, result.message);
          fillMessage(item, message);
          reportCapture(result.capture, {});
        } catch (error) {
          toast(error.message, true);
        }
      }
    });
  }

  async function remove(message) {
    if (!confirm("Delete this message? If it is on an incident timeline, it is withdrawn from it.")) return;
    try {
      const result = await api("DELETE", `/sandbox/messages/${message.id}?user=${encodeURIComponent(state.user)}`);
      Object.assign(message, result.message);
      redraw(message);
      reportCapture(result.capture, {});
    } catch (error) {
      toast(error.message, true);
    }
  }

  function reportCapture(outcome, messages) {
    if (outcome === "failed") {
      toast("Done, but the bot failed to record it. The server log says why.", true);
    } else if (messages[outcome]) {
      toast(messages[outcome]);
    }
  }

  // ---------- Sending ----------

  async function send(text) {
    const isCommand = text.startsWith("/");
    const payload = { user: state.user, channel: state.channel, text };
    $("send").disabled = true;
    try {
      if (isCommand) {
        const result = await api("POST", "/sandbox/commands", payload);
        announceNewChannels(result.announcements);
      } else {
        const result = await api("POST", "/sandbox/messages", payload);
        if (result.capture === "failed") toast("Sent, but the bot failed to capture it. The server log says why.", true);
      }
      state.localChannels.delete(state.channel);
      localStorage.setItem("sandbox.channels", JSON.stringify([...state.localChannels]));
      state.channels.add(state.channel);
      await poll();
      return true;
    } catch (error) {
      toast(error.message, true);
      return false;
    } finally {
      $("send").disabled = false;
    }
  }

  function announceNewChannels(announcements) {
    const elsewhere = [...new Set(announcements.map((a) => a.channel))].filter((c) => c !== state.channel);
    for (const channel of elsewhere) {
      const isNew = !state.channels.has(channel);
      state.channels.add(channel);
      toast(isNew ? `#${channel} was created.` : `The bot posted in #${channel}.`, false, {
        label: `Open #${channel}`,
        action: () => switchChannel(channel),
      });
    }
    renderChannels();
  }

  function runCommand(command) {
    send(command);
  }

  // ---------- Composer ----------

  const input = $("input");

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 200) + "px";
    input.classList.toggle("command", input.value.startsWith("/"));
  }

  function suggestions() {
    const typed = input.value.toLowerCase();
    if (!typed.startsWith("/") || typed.includes("\n")) return [];
    return COMMANDS.filter(([command]) => command.startsWith(typed) && command !== typed).slice(0, 12);
  }

  function renderSuggestions() {
    const list = $("suggestions");
    const items = suggestions();
    if (items.length === 0 || input.value.length > 40) {
      list.hidden = true;
      return;
    }
    state.suggestionIndex = Math.min(state.suggestionIndex, items.length - 1);
    list.replaceChildren(...items.map(([command, args, help], index) => {
      const item = el("li", "suggestion" + (index === state.suggestionIndex ? " selected" : ""));
      item.setAttribute("role", "option");
      const code = el("code", "", command + args);
      item.append(code, el("span", "", help));
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        complete(command);
      });
      return item;
    }));
    list.hidden = false;
  }

  function complete(command) {
    input.value = command;
    state.suggestionIndex = 0;
    autosize();
    renderSuggestions();
    input.focus();
  }

  input.addEventListener("input", () => {
    state.suggestionIndex = 0;
    state.historyIndex = -1;
    autosize();
    renderSuggestions();
  });

  input.addEventListener("blur", () => setTimeout(() => { $("suggestions").hidden = true; }, 100));

  input.addEventListener("keydown", (event) => {
    const list = $("suggestions");
    const open = !list.hidden;
    if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const count = list.children.length;
      state.suggestionIndex = (state.suggestionIndex + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      renderSuggestions();
      return;
    }
    if (open && event.key === "Tab") {
      event.preventDefault();
      const chosen = suggestions()[state.suggestionIndex];
      if (chosen) complete(chosen[0]);
      return;
    }
    if (open && event.key === "Escape") {
      list.hidden = true;
      return;
    }
    if (event.key === "ArrowUp" && !input.value && state.history.length > 0) {
      event.preventDefault();
      state.historyIndex = Math.min(state.historyIndex + 1, state.history.length - 1);
      input.value = state.history[state.history.length - 1 - state.historyIndex];
      autosize();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });

  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (!state.user) {
      askName();
      return;
    }
    $("suggestions").hidden = true;
    if (await send(text)) {
      state.history.push(text);
      state.historyIndex = -1;
      input.value = "";
      autosize();
    }
  });

  // Action buttons in the bot's messages run their command; "try" buttons fill the composer.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (link && link.getAttribute("href")?.startsWith(COMMAND_LINK)) {
      event.preventDefault();
      runCommand(decodeURIComponent(link.getAttribute("href").slice(COMMAND_LINK.length)));
      return;
    }
    if (link && link.getAttribute("href")?.startsWith("/?")) {
      event.preventDefault();
      const url = new URL(link.href);
      switchChannel(url.searchParams.get("channel") || state.channel, url.searchParams.get("message"));
      return;
    }
    const tryButton = event.target.closest(".try");
    if (tryButton) {
      input.value = tryButton.dataset.fill;
      autosize();
      input.focus();
    }
  });

  // ---------- Toasts ----------

  function toast(text, isError, link) {
    const node = el("div", "toast" + (isError ? " error" : ""), text);
    node.setAttribute("role", isError ? "alert" : "status");
    if (link) {
      const button = el("button", "", link.label);
      button.type = "button";
      button.addEventListener("click", () => {
        link.action();
        node.remove();
      });
      node.append(button);
    }
    $("toasts").append(node);
    setTimeout(() => node.remove(), isError ? 7000 : 5000);
  }

  // ---------- Start ----------

  const params = new URLSearchParams(location.search);
  // ?user=bob opens the page as bob: handy for a second responder in another window.
  const userParam = (params.get("user") || "").trim();
  if (userParam && slug(userParam) && userParam.length <= 40) {
    state.user = userParam;
    localStorage.setItem("sandbox.user", userParam);
  }
  const startChannel = normaliseChannel(params.get("channel") || localStorage.getItem("sandbox.channel") || "general");
  state.channel = CHANNEL_PATTERN.test(startChannel) ? startChannel : "general";
  state.pendingHighlight = params.get("message");
  if (state.user) showMe();
  restartChannel();
  renderChannels();
  refreshChannels();
  setInterval(refreshChannels, CHANNELS_MS);
  if (!state.user) askName(); else input.focus();
})();

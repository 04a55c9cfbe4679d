// The caspian explorer: runs statements through the Query API (POST /db/caspian/query/v2, typed
// JSON), shows results as a table, JSON, a force-directed graph (SVG, no library) or a plan tree.
'use strict';

const API = '/db/caspian/query/v2';
const HISTORY_KEY = 'caspian.history';
const PALETTE = ['#4c8eda', '#f79767', '#57c7e3', '#d9c8ae', '#8dcc93', '#ecb5c9', '#c990c0',
                 '#ffc454', '#da7194', '#569480', '#848484', '#f16667'];
const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';

// --- The Query API -----------------------------------------------------------------------------

// Typed JSON ({"$type", "_value"}) to JS: nodes and relationships become tagged objects.
function decode(v) {
  const x = v._value;
  switch (v.$type) {
    case 'Null': return null;
    case 'Integer': return Number(x);
    case 'Float': return Number(x);
    case 'List': return x.map(decode);
    case 'Map': return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, decode(e)]));
    case 'Node': return {$node: true, id: x._element_id, labels: x._labels,
                         properties: decode({$type: 'Map', _value: x._properties})};
    case 'Relationship': return {$rel: true, id: x._element_id, type: x._type,
                                 start: x._start_node_element_id, end: x._end_node_element_id,
                                 properties: decode({$type: 'Map', _value: x._properties})};
    case 'Path': return {$path: true, elements: x.map(decode)};
    default: return x;  // Boolean, String, and temporal values as ISO text
  }
}

async function query(statement, parameters = {}) {
  const response = await fetch(API, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/vnd.neo4j.query'},
    body: JSON.stringify({statement, parameters, includeCounters: true}),
  });
  const body = await response.json();
  if (body.errors) {
    const e = new Error(body.errors[0].message);
    e.code = body.errors[0].code;
    throw e;
  }
  return {fields: body.data.fields, rows: body.data.values.map((row) => row.map(decode)),
          counters: body.counters};
}

// --- Text of values ----------------------------------------------------------------------------

function caption(node) {
  const p = node.properties;
  return String(p.name ?? p.key ?? p.title ?? node.labels[0] ?? node.id);
}

function literal(v) {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[' + v.map(literal).join(', ') + ']';
  if (v.$node) return '(:' + v.labels.join(':') + ' ' + literal(v.properties) + ')';
  if (v.$rel) return '[:' + v.type + ' ' + literal(v.properties) + ']';
  if (v.$path) return v.elements.map(literal).join('-');
  if (typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, e]) => k + ': ' + literal(e)).join(', ') + '}';
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function plain(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v.$node) return {elementId: v.id, labels: v.labels, properties: plain(v.properties)};
  if (v.$rel) return {elementId: v.id, type: v.type, startNodeElementId: v.start,
                      endNodeElementId: v.end, properties: plain(v.properties)};
  if (v.$path) return v.elements.map(plain);
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, plain(e)]));
}

// --- The graph view: nodes and relationships of results, laid out by a small force simulation ---

const graph = {nodes: new Map(), edges: new Map(), scale: 1, tx: 0, ty: 0, alpha: 0};
const colours = new Map();

function colour(label) {
  if (!colours.has(label)) colours.set(label, PALETTE[colours.size % PALETTE.length]);
  return colours.get(label);
}

function collect(v, into) {
  if (v === null || typeof v !== 'object') return;
  if (v.$node) into.nodes.push(v);
  else if (v.$rel) into.edges.push(v);
  else if (v.$path) v.elements.forEach((e) => collect(e, into));
  else (Array.isArray(v) ? v : Object.values(v)).forEach((e) => collect(e, into));
}

function addToGraph(rows, near) {
  const found = {nodes: [], edges: []};
  rows.forEach((row) => row.forEach((v) => collect(v, found)));
  const svg = $('graph');
  const cx = near ? near.x : svg.clientWidth / 2, cy = near ? near.y : svg.clientHeight / 2;
  for (const n of found.nodes) {
    if (graph.nodes.has(n.id)) continue;
    const angle = Math.random() * 2 * Math.PI, r = near ? 60 : 30 + Math.random() * 100;
    graph.nodes.set(n.id, {data: n, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle),
                           vx: 0, vy: 0, fixed: false});
  }
  for (const e of found.edges) {
    if (graph.nodes.has(e.start) && graph.nodes.has(e.end)) graph.edges.set(e.id, e);
  }
  drawGraph();
  graph.alpha = 1;
  graph.fitPending = true;
  simulate();
}

// Scales down and centres the drawing when it has grown past the view (never zooms in).
function fit() {
  const nodes = [...graph.nodes.values()];
  if (nodes.length === 0) return;
  const svg = $('graph'), margin = 40;
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const x0 = Math.min(...xs) - margin, x1 = Math.max(...xs) + margin;
  const y0 = Math.min(...ys) - margin, y1 = Math.max(...ys) + margin + 16;  // captions below
  const scale = Math.min(1, svg.clientWidth / (x1 - x0), svg.clientHeight / (y1 - y0));
  graph.scale = scale;
  graph.tx = svg.clientWidth / 2 - scale * (x0 + x1) / 2;
  graph.ty = svg.clientHeight / 2 - scale * (y0 + y1) / 2;
  place();
}

function clearGraph() {
  graph.nodes.clear();
  graph.edges.clear();
  drawGraph();
}

function svgElement(name, attributes) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return el;
}

function drawGraph() {
  const nodes = $('nodes'), edges = $('edges');
  nodes.replaceChildren();
  edges.replaceChildren();
  for (const e of graph.edges.values()) {
    const g = svgElement('g', {'class': 'edge', 'data-id': e.id, 'data-type': e.type});
    g.append(svgElement('line', {'marker-end': 'url(#arrow)'}), svgElement('text', {}));
    g.lastChild.textContent = e.type;
    edges.append(g);
    e.el = g;
  }
  for (const n of graph.nodes.values()) {
    const label = n.data.labels[0] ?? '';
    const g = svgElement('g', {'class': 'node', 'data-id': n.data.id,
                               'data-labels': n.data.labels.join(':'),
                               'data-caption': caption(n.data)});
    g.append(svgElement('circle', {r: 18, fill: colour(label)}), svgElement('text', {y: 32,
             'text-anchor': 'middle'}));
    g.lastChild.textContent = caption(n.data).slice(0, 24);
    g.addEventListener('pointerdown', (ev) => startDrag(ev, n));
    g.addEventListener('dblclick', (ev) => { ev.stopPropagation(); expand(n); });
    g.addEventListener('click', () => inspect(n.data));
    nodes.append(g);
    n.el = g;
  }
  place();
}

function place() {
  $('viewport').setAttribute('transform',
                             `translate(${graph.tx},${graph.ty}) scale(${graph.scale})`);
  for (const n of graph.nodes.values()) n.el.setAttribute('transform', `translate(${n.x},${n.y})`);
  for (const e of graph.edges.values()) {
    const a = graph.nodes.get(e.start), b = graph.nodes.get(e.end);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const line = e.el.firstChild, text = e.el.lastChild;
    line.setAttribute('x1', a.x + dx / d * 18);
    line.setAttribute('y1', a.y + dy / d * 18);
    line.setAttribute('x2', b.x - dx / d * 22);
    line.setAttribute('y2', b.y - dy / d * 22);
    text.setAttribute('x', (a.x + b.x) / 2);
    text.setAttribute('y', (a.y + b.y) / 2 - 3);
  }
}

// One step: every pair repels, relationships pull to a rest length, a weak pull to the centre.
function step() {
  const nodes = [...graph.nodes.values()];
  const svg = $('graph');
  const cx = (svg.clientWidth / 2 - graph.tx) / graph.scale;
  const cy = (svg.clientHeight / 2 - graph.ty) / graph.scale;
  for (let i = 0; i < nodes.length; ++i) {
    const a = nodes[i];
    for (let j = i + 1; j < nodes.length; ++j) {
      const b = nodes[j];
      let dx = b.x - a.x, dy = b.y - a.y, d2 = dx * dx + dy * dy;
      if (d2 < 1) { dx = Math.random() - .5; dy = Math.random() - .5; d2 = 1; }
      const f = 4000 / d2, d = Math.sqrt(d2);
      a.vx -= f * dx / d; a.vy -= f * dy / d;
      b.vx += f * dx / d; b.vy += f * dy / d;
    }
    a.vx += (cx - a.x) * 0.004;
    a.vy += (cy - a.y) * 0.004;
  }
  for (const e of graph.edges.values()) {
    const a = graph.nodes.get(e.start), b = graph.nodes.get(e.end);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const f = (d - 150) * 0.03;
    a.vx += f * dx / d; a.vy += f * dy / d;
    b.vx -= f * dx / d; b.vy -= f * dy / d;
  }
  for (const n of nodes) {
    if (n.fixed) { n.vx = n.vy = 0; continue; }
    n.vx *= 0.6; n.vy *= 0.6;
    n.x += Math.max(-20, Math.min(20, n.vx * graph.alpha));
    n.y += Math.max(-20, Math.min(20, n.vy * graph.alpha));
  }
  graph.alpha *= 0.985;
}

function simulate() {
  if (graph.running) return;
  graph.running = true;
  const frame = () => {
    for (let i = 0; i < 3; ++i) step();
    place();
    if (graph.alpha > 0.02) {
      requestAnimationFrame(frame);
      return;
    }
    if (graph.fitPending) fit();
    graph.fitPending = false;
    graph.running = false;
  };
  requestAnimationFrame(frame);
}

function svgPoint(ev) {
  const box = $('graph').getBoundingClientRect();
  return {x: (ev.clientX - box.left - graph.tx) / graph.scale,
          y: (ev.clientY - box.top - graph.ty) / graph.scale};
}

function startDrag(ev, n) {
  ev.stopPropagation();
  n.fixed = true;
  const move = (e) => { const p = svgPoint(e); n.x = p.x; n.y = p.y; place(); };
  const up = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    graph.alpha = Math.max(graph.alpha, 0.3);
    simulate();
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

function setUpPanAndZoom() {
  const svg = $('graph');
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const box = svg.getBoundingClientRect();
    const mx = ev.clientX - box.left, my = ev.clientY - box.top;
    const k = Math.exp(-ev.deltaY * 0.001);
    const scale = Math.max(0.1, Math.min(8, graph.scale * k));
    graph.tx = mx - (mx - graph.tx) * scale / graph.scale;
    graph.ty = my - (my - graph.ty) * scale / graph.scale;
    graph.scale = scale;
    place();
  }, {passive: false});
  svg.addEventListener('pointerdown', (ev) => {
    const start = {x: ev.clientX - graph.tx, y: ev.clientY - graph.ty};
    const move = (e) => { graph.tx = e.clientX - start.x; graph.ty = e.clientY - start.y; place(); };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  });
  const defs = svgElement('defs', {});
  const marker = svgElement('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 8, refY: 5,
                                       markerWidth: 6, markerHeight: 6, orient: 'auto'});
  marker.append(svgElement('path', {d: 'M0,0 L10,5 L0,10 z', fill: '#a0aec0'}));
  defs.append(marker);
  svg.prepend(defs);
}

// Double-click: the node's neighbours and the relationships to them join the drawing.
async function expand(n) {
  const id = Number(n.data.id.split(':').pop());
  try {
    const result = await query('MATCH (n)-[r]-(m) WHERE id(n) = $id RETURN r, m', {id});
    addToGraph(result.rows, n);
    status(`expanded ${caption(n.data)}: ${result.rows.length} relationships`);
  } catch (e) {
    showError(e);
  }
}

function inspect(node) {
  const box = $('inspector');
  box.textContent = ':' + node.labels.join(':') + '\n' + Object.entries(node.properties)
      .map(([k, v]) => `${k}: ${literal(v)}`).join('\n');
  box.style.display = 'block';
}

// --- Table, JSON and plan views ----------------------------------------------------------------

function showTable(result) {
  const table = $('table');
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  result.fields.forEach((f) => { head.append(document.createElement('th')); head.lastChild.textContent = f; });
  const body = table.createTBody();
  for (const row of result.rows) {
    const tr = body.insertRow();
    row.forEach((v) => { tr.insertCell().textContent = literal(v); });
  }
}

function showJson(result) {
  const objects = result.rows.map((row) =>
    Object.fromEntries(result.fields.map((f, i) => [f, plain(row[i])])));
  $('json').textContent = JSON.stringify(objects, null, 2);
}

// EXPLAIN and PROFILE answer one `plan` column, one operator a line, indented by depth.
function showPlan(result) {
  const root = document.createElement('ul');
  const stack = [{depth: -1, list: root}];
  for (const [line] of result.rows) {
    const text = String(line);
    const depth = text.length - text.trimStart().length;
    while (stack.length > 1 && stack[stack.length - 1].depth >= depth) stack.pop();
    const li = document.createElement('li');
    const m = text.trim().match(/^(\S+)(.*?)(\s+\[.*\])?$/);
    li.innerHTML = '<span class="op"></span><span class="args"></span> <span class="stats"></span>';
    li.children[0].textContent = m ? m[1] : text.trim();
    li.children[1].textContent = m ? m[2] : '';
    li.children[2].textContent = m && m[3] ? m[3].trim() : '';
    const sub = document.createElement('ul');
    li.append(sub);
    stack[stack.length - 1].list.append(li);
    stack.push({depth, list: sub});
  }
  $('plan').replaceChildren(root);
}

function showView(name) {
  document.querySelectorAll('#tabs button').forEach((b) =>
    b.classList.toggle('active', b.dataset.view === name));
  document.querySelectorAll('.view').forEach((v) =>
    v.classList.toggle('active', v.id === 'view-' + name));
}

function status(text) {
  $('status').className = 'muted';
  $('status').textContent = text;
}

function showError(e) {
  $('status').className = 'error';
  $('status').textContent = (e.code ? e.code + '\n' : '') + e.message;
}

// --- Running statements, history ---------------------------------------------------------------

function history() {
  try { return JSON.parse(localStorage.getItem(HISTORY_KEY)) || []; } catch { return []; }
}

function remember(statement) {
  const list = [statement, ...history().filter((s) => s !== statement)].slice(0, 50);
  localStorage.setItem(HISTORY_KEY, JSON.stringify(list));
  showHistory();
}

function showHistory() {
  const ol = $('history');
  ol.replaceChildren();
  for (const s of history()) {
    const li = document.createElement('li');
    li.textContent = s;
    li.addEventListener('click', () => { $('editor').value = s; $('editor').focus(); });
    ol.append(li);
  }
}

async function run(prefix = '') {
  const text = $('editor').value.trim();
  if (!text) return;
  const statement = prefix && !/^(explain|profile)\b/i.test(text) ? prefix + ' ' + text : text;
  remember(text);
  status('running…');
  const started = performance.now();
  try {
    const result = await query(statement);
    const ms = (performance.now() - started).toFixed(1);
    const c = result.counters || {};
    const changes = c.containsUpdates
      ? `, ${c.nodesCreated} nodes and ${c.relationshipsCreated} relationships created, ` +
        `${c.nodesDeleted + c.relationshipsDeleted} deleted, ${c.propertiesSet} properties set` : '';
    status(`${result.rows.length} rows${changes}, ${ms} ms`);
    showTable(result);
    showJson(result);
    if (/^(explain|profile)\b/i.test(statement)) {
      showPlan(result);
      showView('plan');
      return;
    }
    clearGraph();
    addToGraph(result.rows);
    showView(graph.nodes.size > 0 ? 'graph' : 'table');
    if (c.containsUpdates) loadSchema();
  } catch (e) {
    showError(e);
  }
}

// --- The schema panel: labels, relationship types, their properties and counts ----------------

async function loadSchema() {
  const box = $('schema');
  try {
    const [labels, types, nodeProps, relProps] = await Promise.all([
      query('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label'),
      query('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type'),
      query('CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName ' +
            'RETURN nodeLabels, collect(propertyName) AS properties'),
      query('CALL db.schema.relTypeProperties() YIELD relType, propertyName ' +
            'RETURN relType, collect(propertyName) AS properties'),
    ]);
    const propsOf = new Map();
    nodeProps.rows.forEach(([ls, ps]) => ls.forEach((l) =>
      propsOf.set(':' + l, new Set([...(propsOf.get(':' + l) || []), ...ps.filter(Boolean)]))));
    // relType comes as :`TYPE`, as in Neo4j.
    relProps.rows.forEach(([t, ps]) =>
      propsOf.set(String(t).replace(/^:`?|`$/g, ''), new Set(ps.filter(Boolean))));
    box.replaceChildren();
    const heading = (text) => { const h = document.createElement('h3'); h.className = 'muted';
                                h.textContent = text; box.append(h); };
    const entry = (name, count, cls, style, props, statement) => {
      const chip = document.createElement('span');
      chip.className = 'chip ' + cls;
      if (style) chip.style.background = style;
      chip.textContent = `${name} (${count})`;
      chip.title = statement;
      chip.addEventListener('click', () => { $('editor').value = statement; run(); });
      box.append(chip);
      const p = document.createElement('div');
      p.className = 'props';
      p.textContent = [...(props || [])].sort().join(', ');
      box.append(p);
    };
    heading(`Labels (${labels.rows.length})`);
    labels.rows.forEach(([l, n]) => entry(l, n, 'label', colour(l), propsOf.get(':' + l),
                                          `MATCH (n:\`${l}\`) RETURN n LIMIT 25`));
    heading(`Relationship types (${types.rows.length})`);
    types.rows.forEach(([t, n]) => entry(t, n, 'type', null, propsOf.get(t),
                                         `MATCH p = ()-[:\`${t}\`]->() RETURN p LIMIT 25`));
  } catch (e) {
    box.textContent = e.message;
  }
}

// --- Start --------------------------------------------------------------------------------------

window.addEventListener('DOMContentLoaded', () => {
  setUpPanAndZoom();
  showHistory();
  loadSchema();
  $('run').addEventListener('click', () => run());
  $('explain').addEventListener('click', () => run('EXPLAIN'));
  $('profile').addEventListener('click', () => run('PROFILE'));
  $('schema-refresh').addEventListener('click', loadSchema);
  $('editor').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });
  document.querySelectorAll('#tabs button').forEach((b) =>
    b.addEventListener('click', () => showView(b.dataset.view)));
  $('database').textContent = location.host;
});

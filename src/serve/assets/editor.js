// The query page's editor: YASGUI over this server's own endpoint. The page works without it
// (a form, a picker and a results table rendered by the server); this script, when it runs,
// puts the editor in the form's place. Everything it asks for comes from this server: the
// endpoint, the prefixes, the classes and properties to complete (from the VoID partitions),
// and YASGUI itself. It reads its settings from the page's #editor-config JSON.
(function () {
  'use strict';
  var configElement = document.getElementById('editor-config');
  var form = document.getElementById('query-form');
  if (!configElement || !form || typeof window.Yasgui !== 'function') return;
  var config = JSON.parse(configElement.textContent);
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var origin = window.location.origin;
  var endpoint = origin + '/sparql';

  // Completion from what the store holds, never from a remote vocabulary service.
  var vocabulary = null;
  function terms(kind) {
    if (!vocabulary) {
      vocabulary = fetch(config.vocabulary, { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { classes: [], properties: [] }; });
    }
    return vocabulary.then(function (v) { return v[kind] || []; });
  }
  Yasqe.forkAutocompleter('class', {
    name: 'store-classes', bulk: true, persistenceId: null,
    get: function () { return terms('classes'); },
  });
  Yasqe.forkAutocompleter('property', {
    name: 'store-properties', bulk: true, persistenceId: null,
    get: function () { return terms('properties'); },
  });
  Yasqe.defaults.autocompleters = ['prefixes', 'variables', 'store-classes', 'store-properties'];
  Yasqe.defaults.prefixCcApi = config.prefixes;
  // Links in the results table stay in this window, like the rest of the site.
  Yasgui.Yasr.plugins.table.defaults.openIriInNewWindow = false;

  var box = document.createElement('div');
  box.id = 'yasgui';
  form.parentNode.insertBefore(box, form);
  form.hidden = true;
  var text = form.querySelector('textarea');
  var yasgui = new Yasgui(box, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { value: text ? text.value : '' },
    yasr: { prefixes: config.prefixMap },
    persistenceId: 'atlas-lod-editor',
    // YASGUI focuses its editor when it shows a tab, which scrolls the page down to it: the
    // reader would land below the header and the charts. The editor takes the focus on a click.
    autofocus: false,
  });
  // For people's own scripts (and the browser test): the editor, as YASGUI's API.
  window.atlasEditor = yasgui;
  var tab = yasgui.getTab();
  // A page asked with ?query= or ?example= shows that query, whatever the editor kept.
  if (config.fromUrl && text) tab.setQuery(text.value);
  if (tab.getEndpoint() !== endpoint && !/[#&]endpoint=/.test(window.location.hash)) tab.setEndpoint(endpoint);

  // The picker fills the editor's current tab.
  var picker = document.getElementById('example');
  if (picker) {
    picker.addEventListener('change', function () {
      var example = config.examples[picker.value];
      if (example !== undefined) yasgui.getTab().setQuery(example);
    });
  }
  var load = document.getElementById('load');
  if (load) load.hidden = true;

  // IRIs minted by this dataset link to their pages on this server.
  function localize(root) {
    root.querySelectorAll('a[href]').forEach(function (a) {
      var href = a.getAttribute('href');
      for (var i = 0; i < config.bases.length; i++) {
        var base = config.bases[i];
        if (href.indexOf(base) === 0 && href.length > base.length) {
          a.setAttribute('href', '/' + href.slice(base.length));
          a.removeAttribute('target');
          return;
        }
      }
    });
  }
  new MutationObserver(function () { localize(box); }).observe(box, { childList: true, subtree: true });

  // Downloads of the whole answer, from the endpoint, for the query in the editor.
  var downloads = document.createElement('p');
  downloads.id = 'downloads';
  config.downloads.forEach(function (d) {
    var a = document.createElement('a');
    a.textContent = d.label;
    a.className = 'download';
    a.dataset.format = d.format;
    a.href = '#';
    a.addEventListener('click', function () {
      var q = yasgui.getTab().getQuery();
      a.href = '/sparql?query=' + encodeURIComponent(q) + '&format=' + d.format;
    });
    downloads.appendChild(a);
    downloads.appendChild(document.createTextNode(' '));
  });
  box.parentNode.insertBefore(downloads, box.nextSibling);

  // The server's own results (for a ?query= link) make way for the editor's.
  yasgui.on('query', function () {
    var served = document.getElementById('results');
    if (served) served.hidden = true;
  });
})();

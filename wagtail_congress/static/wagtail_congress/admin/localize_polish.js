/*
 * wagtail-localize 1.14's translation editor writes its heading "<source> to <target>
 * translation" in English without gettext, so no catalogue can translate it. In the Polish
 * admin this rewrites it to "Tłumaczenie: polski → angielski". Drop it once upstream
 * translates the heading.
 */
(function () {
    'use strict';
    if (document.documentElement.lang !== 'pl') {
        return;
    }
    var heading = /^\s*(\S+) to (\S+) translation\s*$/;

    function rewrite(root) {
        var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        var node;
        while ((node = walker.nextNode())) {
            var match = heading.exec(node.nodeValue);
            if (match) {
                node.nodeValue = 'Tłumaczenie: ' + match[1] + ' → ' + match[2];
            }
        }
    }

    function start() {
        var editor = document.querySelector('.js-translation-editor, [data-props]');
        if (!editor) {
            return;
        }
        rewrite(editor);
        new MutationObserver(function () {
            rewrite(editor);
        }).observe(editor, {childList: true, subtree: true, characterData: true});
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();

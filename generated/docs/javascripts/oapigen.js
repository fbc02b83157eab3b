/* The oapigen docs site: long names in the navigation and in page titles wrap between words. */

// CSS cannot tell where the words of "RealtimeSessionCreateRequestInputAudioTranscription" meet,
// so a narrow sidebar broke it anywhere ("...CreateReque / st"). This puts a <wbr> at each word
// start. It is an element, not a character: a copied name, the page title and the search index
// keep the plain name, and without scripts the names wrap as the stylesheet says.
(() => {
  const NAMES = ".md-nav__link .md-ellipsis, .md-typeset h1";
  // A word starts at a capital after a small letter or digit (Session|Create), at the last
  // capital of a run followed by a small letter (HTTP|Request), at a digit after a letter
  // (Item|2), and after "_" or "." (create_|chat, package.|Model).
  const WORD_START = /(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=[_.])(?=\w)/;

  const markText = (text) => {
    const words = text.data.split(WORD_START);
    if (words.length > 1) {
      text.replaceWith(...words.flatMap((word, i) => (i ? [document.createElement("wbr"), word] : [word])));
    }
  };

  const markNames = () => {
    for (const name of document.querySelectorAll(NAMES)) {
      if (name.dataset.oapigenWords) continue; // once per element, however often this runs
      name.dataset.oapigenWords = "marked";
      const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
      const texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(markText);
    }
  };

  // The theme's document$ also fires after instant navigation swaps a page in, where scripts
  // do not run again; without it the page has loaded when this script (at its end) runs.
  if (typeof document$ !== "undefined") document$.subscribe(markNames);
  else markNames();
})();

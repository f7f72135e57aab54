/*
 * Russian-aware search, run inside Material's search worker.
 *
 * Material 9 removed its custom query transform (release notes 9.0.0), and it
 * appends "*" to every query word; lunr skips its pipeline (and so the
 * stemmer) for such wildcard words. A query in another form than the text
 * («тюркские» for «тюркских») then finds nothing. The site hook appends this
 * file to the Russian language pack the worker already imports
 * (lunr.ru.min.js), so it runs after lunr is loaded and before the index is
 * built. With the index's own functions only, it:
 *
 *  1. folds ё to е for every token, in the index and in queries (the pages
 *     keep ё; only the matching ignores it);
 *  2. indexes each word twice: as written (folded) and as its Snowball stem;
 *  3. stems each query word with the index's search pipeline (the stemmer
 *     that stemmed the index) and matches the stem as a prefix. A stem is a
 *     prefix of every form that shares it, so «саммиты» (stem «саммит»)
 *     finds «саммите», and «тюркские» finds «тюркских», even where Snowball
 *     cuts the indexed form shorter («саммит» -> «самм»). A short stem cut
 *     from a whole word («мира» -> «мир») is matched exactly against the
 *     indexed stems, or «мир*» would also find «мировой» and «миролюбие».
 *     Stop words are dropped instead of prefix-matching every word that
 *     starts with «в»;
 *  4. asks for all the words of a query first and falls back to any of them
 *     only when no page has them all: «премьер-министр Казахстана» is the
 *     article about the prime minister, not every page that names Kazakhstan.
 */
(function (lunr) {
  "use strict"
  if (typeof lunr === "undefined" || lunr.briefingsRussianSearch)
    return
  lunr.briefingsRussianSearch = true

  var YO = /ё/g
  var SHORT_STEM = 5 // shorter stems cut from a whole word are matched exactly
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu

  function foldYo(token) {
    return token.update(function (text) {
      return text.replace(YO, "е")
    })
  }
  lunr.Pipeline.registerFunction(foldYo, "briefings-fold-yo")

  // The search pipeline of the index being searched: captured when the
  // first document is added, used to stem query words.
  var searchPipeline = null

  // Before the stemmer: remember the word as written; after it: index both.
  function rememberWord(token) {
    token.metadata.briefingsWord = token.toString()
    return token
  }
  lunr.Pipeline.registerFunction(rememberWord, "briefings-remember-word")

  function keepWordAndStem(token) {
    var word = token.metadata.briefingsWord
    if (!word || word === token.toString())
      return token
    return [token, token.clone(function () { return word })]
  }
  lunr.Pipeline.registerFunction(keepWordAndStem, "briefings-word-and-stem")

  function isStemmer(fn) {
    return /stemmer/.test(fn.label || "")
  }

  // lunr 2.3.9 (frozen since 2020) keeps a pipeline's functions in _stack;
  // without it the index is built as Material ships it.
  function setUp(builder) {
    if (!builder.pipeline._stack || !builder.searchPipeline._stack)
      return
    var stack = builder.pipeline._stack
    var first = -1
    for (var i = 0; i < stack.length; i++)
      if (isStemmer(stack[i])) { first = i; break }
    if (first >= 0) {
      stack.splice(first, 0, rememberWord)
      stack.push(keepWordAndStem)
    }
    stack.unshift(foldYo)
    builder.searchPipeline._stack.unshift(foldYo)
    searchPipeline = builder.searchPipeline
  }

  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.briefingsReady) {
      this.briefingsReady = true
      setUp(this)
    }
    return add.call(this, doc, attributes)
  }

  function stem(word) {
    var stems = searchPipeline.runString(word)
    return stems.length ? stems[0] : ""
  }

  function isStopWord(word) {
    var filters = [lunr.ru && lunr.ru.stopWordFilter, lunr.stopWordFilter]
    for (var i = 0; i < filters.length; i++)
      if (filters[i] && filters[i](new lunr.Token(word)) === undefined)
        return true
    return false
  }

  var clause = lunr.Query.prototype.clause
  lunr.Query.prototype.clause = function (spec) {
    var term = spec.term
    if (searchPipeline && spec.usePipeline === false && typeof term === "string") {
      var parts = /^(\*?)([^*]+)(\*?)$/.exec(term)
      if (parts) {
        var word = parts[2].toLowerCase().replace(YO, "е").replace(EDGES, "")
        if (word && isStopWord(word)) {
          spec.term = word
          spec.usePipeline = true // matches nothing: stop words are not indexed
          spec.briefingsStopWord = true
        } else if (word) {
          var root = stem(word) || word
          var exact = root !== word && root.length < SHORT_STEM && !parts[1]
          spec.term = exact ? root : parts[1] + root + parts[3]
        }
      }
    }
    return clause.call(this, spec)
  }

  var query = lunr.Index.prototype.query
  lunr.Index.prototype.query = function (build) {
    var OPTIONAL = lunr.Query.presence.OPTIONAL
    var REQUIRED = lunr.Query.presence.REQUIRED
    var all = query.call(this, function (q) {
      build.call(q, q)
      var words = q.clauses.filter(function (c) {
        return c.presence === OPTIONAL && !c.briefingsStopWord
      })
      if (words.length > 1)
        words.forEach(function (c) { c.presence = REQUIRED })
    })
    return all.length ? all : query.call(this, build)
  }
})(typeof self !== "undefined" ? self.lunr : undefined)

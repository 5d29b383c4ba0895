// TeX to MathML at build time (m4d.book_math), with the MathJax npm package that `make env`
// installs: the page then carries MathML, which browsers draw natively, and loads no MathJax.
// Reads a JSON list of [tex, display] pairs on stdin; writes a JSON list of MathML strings
// (or {"error": message} for a formula MathJax cannot read).
// Usage: node tex_to_mathml.js <path to node_modules/mathjax>
const mathjax = require(process.argv[2]);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  mathjax.init({loader: {load: ["input/tex"]}, tex: {packages: {"[+]": ["ams"]}}}).then((MathJax) => {
    const out = formulas.map(([tex, display]) => {
      try {
        return MathJax.tex2mml(tex, {display: Boolean(display)});
      } catch (err) {
        return {error: String(err.message || err)};
      }
    });
    process.stdout.write(JSON.stringify(out));
  }).catch((err) => { process.stderr.write(String(err) + "\n"); process.exit(1); });
});

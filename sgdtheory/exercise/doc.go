// Package exercise checks students' answers to the classroom exercises in
// notebooks/exercises: each exercise poses a problem from the deck of
// Jastrzębski et al., "Three Factors Influencing Minima in SGD"
// (arXiv:1711.04623), the student writes a number or a line of Go, and a
// check function prints immediate, specific feedback — never the solution.
//
// # The exercises
//
//	id                   problem               check
//	covariance           CovarianceProblem     CheckCovariance(answer mat.Matrix)
//	em-step            † EulerMaruyamaProblem  CheckEulerMaruyama(step func(theta, grad, eta, S, sigma, dt, xi float64) float64)
//	variance-continuum † VarianceProblem       CheckVarianceContinuum(f func(eta, h, sigma2, S float64) float64)
//	variance-discrete  † VarianceProblem       CheckVarianceDiscrete(f func(eta, h, sigma2, S float64) float64)
//	laplace-ratio        LaplaceProblem        CheckLaplaceRatio(answer float64)
//	crossover            CrossoverProblem      CheckCrossover(answer float64)
//	same-noise           SameNoiseProblem      CheckSameNoise(etas []float64, sizes []int)
//	lambda-trend         LambdaProblem         CheckLambdaTrend(slope float64, trend string)
//	momentum-noise       MomentumProblem       CheckMomentumTemperature(answer float64)
//
// † The answer is a function. Inside a Seal with a hidden seed, a function
// that passes at the notebook's inputs is also tried at inputs the notebook
// never shows (see "Sealed verdicts, for graders").
//
// The problems in brief: "covariance", N = 100 examples, batches of S = 25
// drawn without replacement; "same-noise", pairs with the baseline's η/S
// (η₀ = 0.1, S₀ = 128) and ηh_max ≤ 1.5 on the sharpest curvature
// h_max = 10, well inside the stable range ηh < 2.
//
// Each problem function returns the data of the exercise (a struct whose
// String method states it); the numbers the checks compare with are computed
// by the other sgdtheory packages (noise.PredictedCov, langevin.OUVariance,
// equilibrium.RatioLaplace, equilibrium.Crossover, equilibrium.Temperature,
// a grid.Table), and the ✓ line adds an independent confirmation where one
// exists: sampled minibatches, a Langevin ensemble, quadrature of the
// Boltzmann density, a simulation of the student's own step.
//
// # Output format
//
// Every check prints exactly one line to Output, in one of three forms:
//
//	✓ <id>: <what was confirmed>
//	✗ <id>: <hint>
//	… <id>: not yet: <what to do>
//
// <id> is one of the ids above (lower case letters, digits and '-'). The line
// never contains a newline, so a grader can parse a notebook's output with the
// regular expression ^(✓|✗|…) ([a-z0-9-]+): (.*)$ (kernel/grade/grade.py
// does). "Not yet" means the answer is still the placeholder of the blank
// notebook: math.NaN() for a number, a function that returns math.NaN(), a nil
// matrix or slice, an empty string.
//
// # How wrong answers are diagnosed
//
// A wrong number is compared with the right one scaled by the slips students
// make most — the missing finite-N factor, a dropped or extra factor of 2,
// a flipped sign, σ where σ² belongs, η where η/S belongs, the discrete
// formula given for the continuum one, an inverted ratio, a logarithm in the
// wrong base — and the hint names the slip that matches. Failing that, it says
// whether the answer is too large or too small, off by a power of ten (units),
// exactly zero (integer division) or just outside the tolerance (rounding).
// A function is evaluated at fixed test inputs and split into parts (the
// step's drift at ξ = 0 and its noise; a formula's scaling with σ² and S),
// each diagnosed on its own. Hints show the student's own values, never the
// expected ones.
//
// # Sealed verdicts, for graders
//
// A grader cannot trust a notebook's printed lines: the student's code can
// print anything. It appends its own cells instead, each of the form
//
//	import ex "github.com/sgdminima/sgdminima/sgdtheory/exercise"
//	ex.Seal(nonce, key, hidden, func() { ex.CheckCovariance(answer) })
//
// and reads the verdicts only from that cell's execute_result. Seal runs the
// function, records the verdict of every check made during it on the
// calling goroutine (not by other goroutines, and not by a check called from
// inside another check, as a student's function could), and returns a
// Sealed value, which the kernel renders through its SimpleRender method as
//
//	"application/vnd.sgdminima.verdicts+json" (MIMEVerdicts):
//	    {"nonce": "<nonce>",
//	     "verdicts": [{"id": "<id>", "result": "pass" | "fail" | "not yet", "message": "<message>"}, …],
//	     "mac": "<64 lowercase hex digits>"}
//	"text/plain": the checks' lines, as above, joined by "\n"
//
// The verdicts are in the order the checks ran. message is the line's text
// after "<id>: " (for "not yet", also after "not yet: "): one line, every run
// of white space folded to one space (so it holds no tab or newline), invalid
// UTF-8 replaced by U+FFFD. A panic inside the sealed function adds a verdict
// with id "-", result "fail" and the panic's text; Seal never panics. A Seal
// inside another is independent: its verdicts do not reach the outer one.
//
// mac is the lowercase hex of HMAC-SHA256 with key []byte(key) over the
// UTF-8 bytes of
//
//	nonce + "\n" + Σ over the verdicts, in order: id + "\t" + result + "\t" + message + "\n"
//
// — in Python, with v the decoded JSON object,
//
//	payload = nonce + "\n" + "".join(f"{x['id']}\t{x['result']}\t{x['message']}\n" for x in v["verdicts"])
//	hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest() == v["mac"]
//
// using the grader's own nonce. The key never leaves the Seal call: the
// Sealed value holds only the MAC.
//
// With hidden ≠ 0 the checks marked † also evaluate the student's function
// at five inputs drawn from a PCG seeded with hidden and the check's id,
// rounded to three significant digits, against the same reference and with
// the same tolerance as the notebook's inputs: for the variances, h in
// [0.05, 50], ηh in [0.001, 1.6], σ² in [0.1, 10] and an integer S in
// [1, 256], compared with langevin.OUVariance; for the step, θ in [−3, 3],
// |g| in [0.1, 5], η in [0.005, 0.5], an integer S in [1, 256], σ in
// [0.2, 5], dt in [0.001, 1] and a standard normal ξ, its drift and its
// random part compared separately. A mismatch is a fail whose message says
// the function is right at the notebook's inputs but not at one the notebook
// does not show, and names that input and the student's value (never the
// expected one). The seed reaches the checks only through the seal active
// on their goroutine; outside a seal, or with hidden = 0, the checks behave
// and print exactly as without Seal.
//
// # Robustness
//
// A check never panics and never stops the kernel: the student's functions
// run under recover, and a panic, NaN or infinity becomes a hint. A student's
// function that never returns cannot be stopped from inside the check; the
// notebook's interrupt button (or the grader's timeout) handles that.
package exercise

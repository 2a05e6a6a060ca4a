// Package check compares a measured number with an independent prediction
// and says so in one line, the way every notebook of the project ends an
// idea:
//
//	check.Close("p_A/p_B", measured, predicted, 0.05)
//
// prints the measured and predicted values, the relative error and the
// tolerance, and fails the cell when the error exceeds the tolerance.
//
// For trends read off a few dozen training runs, where no closed form
// predicts the values, it has rank statistics: Spearman's ρ, and Kendall's
// τ_b (Kendall, correct with ties, as a grid of η/S has many) with a
// permutation p-value (KendallP), which asks of the runs nothing but
// exchangeability; and Welch's t for the difference of the means of two
// small samples, such as the seeds of two settings.
package check

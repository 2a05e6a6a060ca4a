// Package mlp implements a multilayer perceptron classifier: fully
// connected layers of any widths, ReLU on the hidden layers and a softmax
// cross-entropy loss on the last, the network of the paper's Fashion-MNIST
// and MNIST experiments (Jastrzębski et al., arXiv:1711.04623, Figs. 1, 3–6).
//
// The loss of a minibatch B of examples (x, y) is the mean cross-entropy
//
//	L_B(θ) = (1/|B|) Σ_{(x,y)∈B} [log Σ_k exp z_k(x) − z_y(x)],
//
// where z(x) are the logits. Step takes one SGD step on it; Grad returns
// ∇L_B, and PerExampleGrads returns the per-example gradients g_i whose mean
// is ∇L_B and whose covariance is the gradient covariance C of the paper's
// noise model g_S = g + Δg/√S.
// HessVec returns the Hessian-vector product ∇²L_B·v exactly, by the
// R-operator, for curvature measurements (package curvature).
//
// All parameters θ live in one flat float32 vector, layer after layer: the
// weights W (in×out, row-major, W[a·out+b] connects input a to output b)
// followed by the biases b (out). Params and SetParams copy it as float64
// for analysis; Weights exposes the float32 vector itself for training.
// New initialises W from the He (Kaiming) uniform distribution
// U(−√(6/in), √(6/in)), which keeps the variance of ReLU activations constant
// with depth, and the biases to zero; the draws come from a PCG stream of
// the seed, so a seed fixes the network.
//
// Computation is in float32 through the blas32 interface of gonum, so the
// matrix products run on whatever implementation blas32.Use installed (pure
// Go by default; OpenBLAS via gonum.org/v1/netlib is a drop-in). A minibatch
// is cut into shards of rows whose number depends only on its size; the
// forward and backward passes run shard by shard in parallel. The weight
// gradients are then computed over the whole minibatch, the parameter vector
// cut into blocks of rows whose number depends only on its length: every cut
// depends on the sizes alone, so results are bit-identical whatever the
// number of cores, and larger work has more pieces for more cores. Step
// fuses the SGD update into those products, θ ← θ − η·AᵀD in one pass
// (Update has momentum and L2); the gradient itself is never stored. A Net
// is not safe for concurrent use; Clone it for that.
package mlp

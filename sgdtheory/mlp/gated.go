package mlp

import (
	"fmt"
	"math"
	"slices"

	"github.com/sgdminima/sgdminima/sgdtheory/data"
)

// GatedLoss returns the mean loss over examples idx of s (all of s if idx
// is nil) of the network n with the ReLU gates of the network gates: a
// hidden unit of n passes its pre-activation, of any sign, where the same
// unit of gates is active on the same example, and blocks it elsewhere.
//
// With the gates held, the loss is a smooth function of n's parameters. At
// n = gates it equals the loss, and so do its gradient and its Hessian as
// HessVec computes them: that Hessian differentiates each linear piece of
// the ReLU and does not see the kinks between them. A second difference of
// GatedLoss therefore tends to vᵀHv as the step shrinks, which a second
// difference of the loss itself does not when the step crosses kinks.
func (n *Net) GatedLoss(gates *Net, s *data.Set, idx []int) (float64, error) {
	const who = "Net.GatedLoss"
	if err := n.ok(who); err != nil {
		return 0, err
	}
	switch {
	case gates == nil:
		return 0, fmt.Errorf("mlp: %s: gates is nil", who)
	case !slices.Equal(n.widths, gates.widths):
		return 0, fmt.Errorf("mlp: %s: gates.Widths() = %v, n.Widths() = %v: want the same architecture", who, gates.widths, n.widths)
	}
	if err := gates.ok(who + " (gates)"); err != nil {
		return 0, err
	}
	if err := n.check(s, idx, who); err != nil {
		return 0, err
	}
	if idx == nil {
		idx = make([]int, s.Len())
		for i := range idx {
			idx[i] = i
		}
	}
	m := len(idx)
	nb := (m + evalRows - 1) / evalRows
	losses := make([]float64, nb)
	if err := parallel(nb, func(b int) {
		rows := idx[b*evalRows : min((b+1)*evalRows, m)]
		sh, g := newShard(n.widths, len(rows)), newShard(n.widths, len(rows))
		gates.forward(g, s, rows)
		n.gatedForward(sh, g, s, rows)
		n.output(sh, s, rows, 0, false)
		losses[b] = sh.loss
	}); err != nil {
		return 0, fmt.Errorf("mlp: %s: %w", who, err)
	}
	loss := 0.0
	for _, l := range losses {
		loss += l
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return 0, fmt.Errorf("mlp: %s: the loss is %v: a parameter of n or of gates is not finite", who, loss)
	}
	return loss / float64(m), nil
}

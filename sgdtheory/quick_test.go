package sgdtheory

import "testing"

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want int
	}{
		{"1", 10},
		{"", 1000},
		{"0", 1000},
	} {
		t.Setenv(QuickEnv, tc.env)
		if got := Choose(1000, 10); got != tc.want {
			t.Errorf("%s=%q: Choose(1000, 10) = %d, want %d", QuickEnv, tc.env, got, tc.want)
		}
	}
}

package sweep

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The fields of a Kubernetes batch/v1 Job that the project's manifest
// may use, as the API reference names and types them. Decoding strictly
// into them catches a misspelt field or a wrong type, which kubectl
// cannot check without a cluster.
type (
	k8sMeta struct {
		Name   string            `json:"name"`
		Labels map[string]string `json:"labels"`
	}
	k8sJob struct {
		APIVersion string  `json:"apiVersion"`
		Kind       string  `json:"kind"`
		Metadata   k8sMeta `json:"metadata"`
		Spec       struct {
			CompletionMode string `json:"completionMode"`
			Completions    *int   `json:"completions"`
			Parallelism    *int   `json:"parallelism"`
			BackoffLimit   *int   `json:"backoffLimit"`
			Template       struct {
				Metadata k8sMeta `json:"metadata"`
				Spec     struct {
					RestartPolicy string         `json:"restartPolicy"`
					Containers    []k8sContainer `json:"containers"`
					Volumes       []struct {
						Name                  string `json:"name"`
						PersistentVolumeClaim *struct {
							ClaimName string `json:"claimName"`
						} `json:"persistentVolumeClaim"`
					} `json:"volumes"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	k8sContainer struct {
		Name    string   `json:"name"`
		Image   string   `json:"image"`
		Command []string `json:"command"`
		Env     []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"env"`
		Resources struct {
			Requests map[string]string `json:"requests"`
			Limits   map[string]string `json:"limits"`
		} `json:"resources"`
		VolumeMounts []struct {
			Name      string `json:"name"`
			MountPath string `json:"mountPath"`
		} `json:"volumeMounts"`
	}
)

// TestJobManifest checks docker/cluster/sgdsweep-job.json: an Indexed Job
// (JOB_COMPLETION_INDEX is the task) that never restarts a finished task,
// runs the image's sweep command on a spec in the mounted volume, and asks
// for as many cores as it may use.
func TestJobManifest(t *testing.T) {
	b, err := os.ReadFile("../../docker/cluster/sgdsweep-job.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var j k8sJob
	if err := dec.Decode(&j); err != nil {
		t.Fatalf("not a batch/v1 Job of the fields we use: %v", err)
	}
	s := j.Spec
	pod := s.Template.Spec
	if j.APIVersion != "batch/v1" || j.Kind != "Job" || j.Metadata.Name == "" {
		t.Errorf("apiVersion %q, kind %q, name %q: want a named batch/v1 Job", j.APIVersion, j.Kind, j.Metadata.Name)
	}
	if s.CompletionMode != "Indexed" || s.Completions == nil || *s.Completions < 1 || s.Parallelism == nil || *s.Parallelism < 1 {
		t.Errorf("completionMode %q, completions %v, parallelism %v: want Indexed with both set", s.CompletionMode, s.Completions, s.Parallelism)
	}
	if pod.RestartPolicy != "Never" || len(pod.Containers) != 1 {
		t.Fatalf("restartPolicy %q, %d containers: want Never and one", pod.RestartPolicy, len(pod.Containers))
	}
	c := pod.Containers[0]
	if len(c.Command) != 3 || c.Command[0] != "sgdsweep" || c.Command[1] != "run" {
		t.Errorf("command %q: want sgdsweep run SPEC", c.Command)
	}
	mounted := false
	for _, m := range c.VolumeMounts {
		if len(c.Command) == 3 && m.MountPath != "" && strings.HasPrefix(c.Command[2], m.MountPath+"/") {
			mounted = len(pod.Volumes) > 0 && pod.Volumes[0].Name == m.Name && pod.Volumes[0].PersistentVolumeClaim != nil
		}
	}
	if !mounted {
		t.Error("the spec is not on the volume the pod mounts")
	}
	cpu := c.Resources.Requests["cpu"]
	var procs string
	for _, e := range c.Env {
		if e.Name == "GOMAXPROCS" {
			procs = e.Value
		}
	}
	if n, err := strconv.Atoi(cpu); err != nil || procs != cpu || c.Resources.Limits["cpu"] != cpu || n < 1 {
		t.Errorf("cpu request %q, limit %q, GOMAXPROCS %q: want one whole number of cores for all three", cpu, c.Resources.Limits["cpu"], procs)
	}
}

// Package v1 mirrors the parts of k8s.io/apimachinery/pkg/apis/meta/v1 that Kanister's template params carry.
// The package name is v1 so Go prints the types as Kubernetes does (v1.ObjectMeta).
package v1

// TypeMeta is inlined into Kubernetes objects.
type TypeMeta struct {
	Kind       string `json:"kind,omitempty"`
	APIVersion string `json:"apiVersion,omitempty"`
}

// ObjectMeta holds only the fields docs/dev/template-params.md models.
type ObjectMeta struct {
	Name            string            `json:"name,omitempty"`
	GenerateName    string            `json:"generateName,omitempty"`
	Namespace       string            `json:"namespace,omitempty"`
	UID             string            `json:"uid,omitempty"`
	ResourceVersion string            `json:"resourceVersion,omitempty"`
	Labels          map[string]string `json:"labels,omitempty"`
	Annotations     map[string]string `json:"annotations,omitempty"`
}

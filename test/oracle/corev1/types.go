// Package v1 mirrors the Secret and ConfigMap types of k8s.io/api/core/v1 as docs/dev/template-params.md models
// them. The package name is v1 so Go prints the types as Kubernetes does (v1.Secret).
package v1

import metav1 "../metav1"

// Secret promotes ObjectMeta's fields (.Namespace) as the real type does.
type Secret struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Immutable         *bool             `json:"immutable,omitempty"`
	Data              map[string][]byte `json:"data,omitempty"`
	StringData        map[string]string `json:"stringData,omitempty"`
	Type              string            `json:"type,omitempty"`
}

// ConfigMap promotes ObjectMeta's fields as the real type does.
type ConfigMap struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Immutable         *bool             `json:"immutable,omitempty"`
	Data              map[string]string `json:"data,omitempty"`
	BinaryData        map[string][]byte `json:"binaryData,omitempty"`
}

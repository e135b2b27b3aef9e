// Package param mirrors kanisterio/kanister pkg/param's TemplateParams exactly as docs/dev/template-params.md
// describes it (names, field order, json tags), so Go prints the same type names (param.TemplateParams).
package param

import (
	corev1 "../corev1"
	crv1alpha1 "../v1alpha1"
)

// TemplateParams is what every Kanister template renders against.
type TemplateParams struct {
	StatefulSet      *StatefulSetParams
	DeploymentConfig *DeploymentConfigParams
	Deployment       *DeploymentParams
	PVC              *PVCParams
	Namespace        *NamespaceParams
	ArtifactsIn      map[string]crv1alpha1.Artifact
	ConfigMaps       map[string]corev1.ConfigMap
	Secrets          map[string]corev1.Secret
	Time             string
	Profile          *Profile
	RepositoryServer *RepositoryServer
	Options          map[string]string
	Object           map[string]interface{}
	Phases           map[string]*Phase
	DeferPhase       *Phase
	PodOverride      crv1alpha1.JSONMap
}

// StatefulSetParams describe the StatefulSet an ActionSet acts on.
type StatefulSetParams struct {
	Name                   string
	Namespace              string
	Pods                   []string
	Containers             [][]string
	PersistentVolumeClaims map[string]map[string]string
}

// DeploymentConfigParams describe an OpenShift DeploymentConfig.
type DeploymentConfigParams struct {
	Name                   string
	Namespace              string
	Pods                   []string
	Containers             [][]string
	PersistentVolumeClaims map[string]map[string]string
}

// DeploymentParams describe a Deployment.
type DeploymentParams struct {
	Name                   string
	Namespace              string
	Pods                   []string
	Containers             [][]string
	PersistentVolumeClaims map[string]map[string]string
}

// PVCParams describe a PersistentVolumeClaim.
type PVCParams struct {
	Name      string
	Namespace string
}

// NamespaceParams describe a Namespace.
type NamespaceParams struct {
	Name      string
	Namespace string
}

// Profile has no json tags in Kanister: toJson prints Go field names.
type Profile struct {
	Location      crv1alpha1.Location
	Credential    Credential
	SkipSSLVerify bool
}

// RepositoryServer is modelled without fields (Holdfast never fills it).
type RepositoryServer struct{}

// CredentialType is a string type in Kanister.
type CredentialType string

// Credential is a Profile's credential.
type Credential struct {
	Type              CredentialType
	KeyPair           *KeyPair
	Secret            *corev1.Secret
	KopiaServerSecret *KopiaServerCreds
}

// KeyPair is an access key id and secret.
type KeyPair struct {
	ID     string
	Secret string
}

// KopiaServerCreds are a Kopia repository server's credentials.
type KopiaServerCreds struct {
	Username       string
	Hostname       string
	Password       string
	Cert           string
	ConnectOptions map[string]int
}

// Phase carries a previous phase's secrets and output.
// ConfigMaps: the shared render cases phase-configmap-namespace/-data (kanister@534f1523 param_test.go:791-795)
// read .Phases.<p>.ConfigMaps, which docs/dev/template-params.md does not list yet.
type Phase struct {
	Secrets    map[string]corev1.Secret
	ConfigMaps map[string]corev1.ConfigMap
	Output     map[string]interface{}
}

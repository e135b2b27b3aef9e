// Package v1alpha1 mirrors the Kanister CRD types (pkg/apis/cr/v1alpha1) that template params carry.
package v1alpha1

// Artifact is an input artifact of an ActionSet.
type Artifact struct {
	KeyValue      map[string]string `json:"keyValue,omitempty"`
	KopiaSnapshot string            `json:"kopiaSnapshot,omitempty"`
}

// LocationType is a string type in Kanister, so typeOf prints v1alpha1.LocationType.
type LocationType string

// Location is where a Profile stores artifacts; unlike param.Profile it has json tags.
type Location struct {
	Type     LocationType `json:"type"`
	Bucket   string       `json:"bucket"`
	Endpoint string       `json:"endpoint"`
	Prefix   string       `json:"prefix"`
	Region   string       `json:"region"`
}

// JSONMap is the type of TemplateParams.PodOverride.
type JSONMap map[string]interface{}

// The Go SDK's flow against `swr-fake serve`, driven by tests/test_server_peers.py:
// create an organization and a repository, list the tags of a seeded repository, create a
// temporary docker login, find the project id through IAM, and decode every list answer
// strictly (unknown fields are errors) into the SDK's own models. Prints one JSON line.
// Environment: SWR_FAKE_URL, SWR_FAKE_AK, SWR_FAKE_SK, SWR_FAKE_PROJECT_ID.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	swr "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/swr/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/swr/v2/model"
)

// Every list answer, with the SDK model its body must decode into.
func lists(projectID string) map[string]func() interface{} {
	repo := "/v2/manage/namespaces/seeded/repos/img"
	return map[string]func() interface{}{
		"/":                                 func() interface{} { return &model.ListApiVersionsResponse{} },
		"/v2/manage/namespaces":             func() interface{} { return &model.ListNamespacesResponse{} },
		"/v2/manage/repos?namespace=seeded": func() interface{} { return &[]model.ShowReposResp{} },
		"/v3/manage/repos?namespace=seeded": func() interface{} { return &model.ListRepoDetailsResponse{} },
		"/v2/manage/shared-repositories?center=self":    func() interface{} { return &[]model.ShowReposResp{} },
		"/v3/manage/shared-repositories?shared_by=self": func() interface{} { return &model.ListSharedRepoDetailsResponse{} },
		repo + "/tags": func() interface{} { return &[]model.ShowReposTagResp{} },
		"/v3/manage/namespaces/seeded/repos/img/tags": func() interface{} { return &model.ListRepositoryTagResponse{} },
		repo + "/retentions":                          func() interface{} { return &[]model.Retention{} },
		repo + "/retentions/histories":                func() interface{} { return &model.ListRetentionHistoriesResponse{} },
		repo + "/triggers":                            func() interface{} { return &[]model.Trigger{} },
		repo + "/sync_repo":                           func() interface{} { return &[]model.SyncRepo{} },
		repo + "/v1/accessories":                      func() interface{} { return &model.ListRepoAccessoriesResponse{} },
		repo + "/v1/references":                       func() interface{} { return &model.ListReferencesResponse{} },
		"/v2/manage/namespaces/seeded/repositories/img/access-domains": func() interface{} { return &[]model.ShowRepoDomainsResponse{} },
		"/v2/manage/regions":                           func() interface{} { return &[]model.RegionInfo{} },
		"/v2/manage/projects/" + projectID + "/quotas": func() interface{} { return &model.ListQuotasResponse{} },
	}
}

// strictDecode reads one list answer with encoding/json, which (unlike the SDK's own lenient
// decoder) refuses a value of the wrong type. It returns "ok", or "unknown field NAME" when
// the answer carries a field the Go model lacks (the real service sends a few such extras;
// pytest checks which), or the error.
func strictDecode(base, path, projectID string, into func() interface{}) string {
	request, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		return err.Error()
	}
	request.Header.Set("X-Auth-Token", "strict-decoding")
	request.Header.Set("X-Project-Id", projectID)
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return err.Error()
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return err.Error()
	}
	if response.StatusCode != 200 {
		return fmt.Sprintf("status %d: %s", response.StatusCode, body)
	}
	if err := json.Unmarshal(body, into()); err != nil {
		return fmt.Sprintf("%v in %s", err, body)
	}
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(into()); err != nil {
		return strings.TrimPrefix(strings.ReplaceAll(err.Error(), "\"", ""), "json: ")
	}
	return "ok"
}

func main() {
	url, projectID := os.Getenv("SWR_FAKE_URL"), os.Getenv("SWR_FAKE_PROJECT_ID")
	credentials := basic.NewCredentialsBuilder().
		WithAk(os.Getenv("SWR_FAKE_AK")).WithSk(os.Getenv("SWR_FAKE_SK")).WithProjectId(projectID).Build()
	client := swr.NewSwrClient(swr.SwrClientBuilder().WithEndpoints([]string{url}).WithCredential(credentials).Build())
	fail := func(step string, err error) {
		fmt.Fprintf(os.Stderr, "swr_flow.go: %s: %v\n", step, err)
		os.Exit(1)
	}

	if _, err := client.CreateNamespace(&model.CreateNamespaceRequest{
		Body: &model.CreateNamespaceRequestBody{Namespace: "go-team"},
	}); err != nil {
		fail("create_namespace", err)
	}
	linux := model.GetCreateRepoRequestBodyCategoryEnum().LINUX
	if _, err := client.CreateRepo(&model.CreateRepoRequest{
		Namespace: "go-team",
		Body:      &model.CreateRepoRequestBody{Repository: "app", Category: &linux, IsPublic: false},
	}); err != nil {
		fail("create_repo", err)
	}
	tags, err := client.ListRepositoryTags(&model.ListRepositoryTagsRequest{Namespace: "seeded", Repository: "img"})
	if err != nil {
		fail("list_repository_tags", err)
	}
	secret, err := client.CreateSecret(&model.CreateSecretRequest{})
	if err != nil {
		fail("create_secret", err)
	}
	var missing map[string]interface{}
	_, err = client.ShowNamespace(&model.ShowNamespaceRequest{Namespace: "absent"})
	if serviceError, ok := err.(*sdkerr.ServiceResponseError); ok {
		missing = map[string]interface{}{"status": serviceError.StatusCode, "code": serviceError.ErrorCode}
	} else {
		fail("show_namespace of a missing organization", fmt.Errorf("expected a service error, got %v", err))
	}

	// A client without a project id asks IAM for it (GET /v3/projects?name=REGION).
	discovering := basic.NewCredentialsBuilder().
		WithAk(os.Getenv("SWR_FAKE_AK")).WithSk(os.Getenv("SWR_FAKE_SK")).WithIamEndpointOverride(url).Build()
	discovered := swr.NewSwrClient(swr.SwrClientBuilder().
		WithRegion(region.NewRegion("cn-north-4", url)).WithCredential(discovering).Build())
	namespaces, err := discovered.ListNamespaces(&model.ListNamespacesRequest{})
	if err != nil {
		fail("list_namespaces with a discovered project id", err)
	}

	strict := map[string]string{}
	for path, target := range lists(projectID) {
		strict[path] = strictDecode(url, path, projectID, target)
	}

	names := []string{}
	for _, tag := range *tags.Body {
		names = append(names, tag.Tag)
	}
	found := []string{}
	for _, namespace := range *namespaces.Namespaces {
		found = append(found, namespace.Name)
	}
	registry := ""
	login := ""
	for host, auth := range secret.Auths {
		decoded, err := base64.StdEncoding.DecodeString(auth.Auth)
		if err != nil {
			fail("create_secret auth", err)
		}
		registry, login = host, string(decoded)
	}
	out, _ := json.Marshal(map[string]interface{}{
		"tags":       names,
		"registry":   registry,
		"login":      login,
		"missing":    missing,
		"discovered": found,
		"strict":     strict,
	})
	fmt.Println(string(out))
}

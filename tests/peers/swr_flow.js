// The Node.js SDK's flow against `swr-fake serve`: create an organization and a repository,
// list the tags of a seeded repository, create a temporary docker login. Prints one JSON
// line with what it saw; pytest (tests/test_server_peers.py) checks it against the fake.
// Environment: SWR_FAKE_URL, SWR_FAKE_AK, SWR_FAKE_SK, SWR_FAKE_PROJECT_ID.
"use strict";
const core = require("@huaweicloud/huaweicloud-sdk-core");
const swr = require("@huaweicloud/huaweicloud-sdk-swr");

async function main() {
  const env = process.env;
  const credentials = new core.BasicCredentials()
    .withAk(env.SWR_FAKE_AK)
    .withSk(env.SWR_FAKE_SK)
    .withProjectId(env.SWR_FAKE_PROJECT_ID);
  const client = swr.SwrClient.newBuilder().withCredential(credentials).withEndpoint(env.SWR_FAKE_URL).build();

  await client.createNamespace(
    new swr.CreateNamespaceRequest().withBody(new swr.CreateNamespaceRequestBody().withNamespace("node-team"))
  );
  await client.createRepo(
    new swr.CreateRepoRequest()
      .withNamespace("node-team")
      .withBody(new swr.CreateRepoRequestBody().withRepository("app").withCategory("linux").withIsPublic(false))
  );
  const tags = await client.listRepositoryTags(
    new swr.ListRepositoryTagsRequest().withNamespace("seeded").withRepository("img")
  );
  const secret = await client.createSecret(new swr.CreateSecretRequest());
  let missing = null;
  try {
    await client.createRepo(
      new swr.CreateRepoRequest()
        .withNamespace("absent")
        .withBody(new swr.CreateRepoRequestBody().withRepository("x").withCategory("linux").withIsPublic(false))
    );
  } catch (error) {
    missing = { status: error.httpStatusCode, code: error.errorCode };
  }
  const auths = secret.auths || {};
  const host = Object.keys(auths)[0];
  const login = Buffer.from(auths[host].auth, "base64").toString();
  console.log(
    JSON.stringify({
      // An array answer comes back as the response object's numbered keys.
      tags: Object.keys(tags)
        .filter((key) => /^\d+$/.test(key))
        .map((key) => tags[key].Tag),
      content_range: tags["Content-Range"] || null,
      registry: host,
      login: login,
      docker_login_header: secret.xSwrDockerlogin || null,
      missing: missing,
    })
  );
}

main().catch((error) => {
  console.error("swr_flow.js failed:", error && (error.errorMsg || error.message || error));
  process.exit(1);
});

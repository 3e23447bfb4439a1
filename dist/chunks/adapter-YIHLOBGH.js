import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  ACCESS_KEY_ID,
  NotReplaceable,
  RevocationFailure,
  TEMPORARY_HELP,
  awsFacts,
  failure,
  parseAdmin,
  splitPair
} from "./chunk-YDRP5PTH.js";

// node_modules/aws4fetch/dist/aws4fetch.esm.mjs
var encoder = new TextEncoder();
var HOST_SERVICES = {
  appstream2: "appstream",
  cloudhsmv2: "cloudhsm",
  email: "ses",
  marketplace: "aws-marketplace",
  mobile: "AWSMobileHubService",
  pinpoint: "mobiletargeting",
  queue: "sqs",
  "git-codecommit": "codecommit",
  "mturk-requester-sandbox": "mturk-requester",
  "personalize-runtime": "personalize"
};
var UNSIGNABLE_HEADERS = /* @__PURE__ */ new Set([
  "authorization",
  "content-type",
  "content-length",
  "user-agent",
  "presigned-expires",
  "expect",
  "x-amzn-trace-id",
  "range",
  "connection"
]);
var AwsV4Signer = class {
  constructor({ method, url, headers, body, accessKeyId, secretAccessKey, sessionToken, service, region, cache, datetime, signQuery, appendSessionToken, allHeaders, singleEncode }) {
    if (url == null) throw new TypeError("url is a required option");
    if (accessKeyId == null) throw new TypeError("accessKeyId is a required option");
    if (secretAccessKey == null) throw new TypeError("secretAccessKey is a required option");
    this.method = method || (body ? "POST" : "GET");
    this.url = new URL(url);
    this.headers = new Headers(headers || {});
    this.body = body;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    let guessedService, guessedRegion;
    if (!service || !region) {
      [guessedService, guessedRegion] = guessServiceRegion(this.url, this.headers);
    }
    this.service = service || guessedService || "";
    this.region = region || guessedRegion || "us-east-1";
    this.cache = cache || /* @__PURE__ */ new Map();
    this.datetime = datetime || (/* @__PURE__ */ new Date()).toISOString().replace(/[:-]|\.\d{3}/g, "");
    this.signQuery = signQuery;
    this.appendSessionToken = appendSessionToken || this.service === "iotdevicegateway";
    this.headers.delete("Host");
    if (this.service === "s3" && !this.signQuery && !this.headers.has("X-Amz-Content-Sha256")) {
      this.headers.set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
    }
    const params = this.signQuery ? this.url.searchParams : this.headers;
    params.set("X-Amz-Date", this.datetime);
    if (this.sessionToken && !this.appendSessionToken) {
      params.set("X-Amz-Security-Token", this.sessionToken);
    }
    this.signableHeaders = ["host", ...this.headers.keys()].filter((header) => allHeaders || !UNSIGNABLE_HEADERS.has(header)).sort();
    this.signedHeaders = this.signableHeaders.join(";");
    this.canonicalHeaders = this.signableHeaders.map((header) => header + ":" + (header === "host" ? this.url.host : (this.headers.get(header) || "").replace(/\s+/g, " "))).join("\n");
    this.credentialString = [this.datetime.slice(0, 8), this.region, this.service, "aws4_request"].join("/");
    if (this.signQuery) {
      if (this.service === "s3" && !params.has("X-Amz-Expires")) {
        params.set("X-Amz-Expires", "86400");
      }
      params.set("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
      params.set("X-Amz-Credential", this.accessKeyId + "/" + this.credentialString);
      params.set("X-Amz-SignedHeaders", this.signedHeaders);
    }
    if (this.service === "s3") {
      try {
        this.encodedPath = decodeURIComponent(this.url.pathname.replace(/\+/g, " "));
      } catch (e) {
        this.encodedPath = this.url.pathname;
      }
    } else {
      this.encodedPath = this.url.pathname.replace(/\/+/g, "/");
    }
    if (!singleEncode) {
      this.encodedPath = encodeURIComponent(this.encodedPath).replace(/%2F/g, "/");
    }
    this.encodedPath = encodeRfc3986(this.encodedPath);
    const seenKeys = /* @__PURE__ */ new Set();
    this.encodedSearch = [...this.url.searchParams].filter(([k]) => {
      if (!k) return false;
      if (this.service === "s3") {
        if (seenKeys.has(k)) return false;
        seenKeys.add(k);
      }
      return true;
    }).map((pair) => pair.map((p) => encodeRfc3986(encodeURIComponent(p)))).sort(([k1, v1], [k2, v2]) => k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0).map((pair) => pair.join("=")).join("&");
  }
  async sign() {
    if (this.signQuery) {
      this.url.searchParams.set("X-Amz-Signature", await this.signature());
      if (this.sessionToken && this.appendSessionToken) {
        this.url.searchParams.set("X-Amz-Security-Token", this.sessionToken);
      }
    } else {
      this.headers.set("Authorization", await this.authHeader());
    }
    return {
      method: this.method,
      url: this.url,
      headers: this.headers,
      body: this.body
    };
  }
  async authHeader() {
    return [
      "AWS4-HMAC-SHA256 Credential=" + this.accessKeyId + "/" + this.credentialString,
      "SignedHeaders=" + this.signedHeaders,
      "Signature=" + await this.signature()
    ].join(", ");
  }
  async signature() {
    const date = this.datetime.slice(0, 8);
    const cacheKey = [this.secretAccessKey, date, this.region, this.service].join();
    let kCredentials = this.cache.get(cacheKey);
    if (!kCredentials) {
      const kDate = await hmac("AWS4" + this.secretAccessKey, date);
      const kRegion = await hmac(kDate, this.region);
      const kService = await hmac(kRegion, this.service);
      kCredentials = await hmac(kService, "aws4_request");
      this.cache.set(cacheKey, kCredentials);
    }
    return buf2hex(await hmac(kCredentials, await this.stringToSign()));
  }
  async stringToSign() {
    return [
      "AWS4-HMAC-SHA256",
      this.datetime,
      this.credentialString,
      buf2hex(await hash(await this.canonicalString()))
    ].join("\n");
  }
  async canonicalString() {
    return [
      this.method.toUpperCase(),
      this.encodedPath,
      this.encodedSearch,
      this.canonicalHeaders + "\n",
      this.signedHeaders,
      await this.hexBodyHash()
    ].join("\n");
  }
  async hexBodyHash() {
    let hashHeader = this.headers.get("X-Amz-Content-Sha256") || (this.service === "s3" && this.signQuery ? "UNSIGNED-PAYLOAD" : null);
    if (hashHeader == null) {
      if (this.body && typeof this.body !== "string" && !("byteLength" in this.body)) {
        throw new Error("body must be a string, ArrayBuffer or ArrayBufferView, unless you include the X-Amz-Content-Sha256 header");
      }
      hashHeader = buf2hex(await hash(this.body || ""));
    }
    return hashHeader;
  }
};
async function hmac(key, string) {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    typeof key === "string" ? encoder.encode(key) : key,
    { name: "HMAC", hash: { name: "SHA-256" } },
    false,
    ["sign"]
  );
  return crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(string));
}
async function hash(content) {
  return crypto.subtle.digest("SHA-256", typeof content === "string" ? encoder.encode(content) : content);
}
var HEX_CHARS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"];
function buf2hex(arrayBuffer) {
  const buffer = new Uint8Array(arrayBuffer);
  let out = "";
  for (let idx = 0; idx < buffer.length; idx++) {
    const n = buffer[idx];
    out += HEX_CHARS[n >>> 4 & 15];
    out += HEX_CHARS[n & 15];
  }
  return out;
}
function encodeRfc3986(urlEncodedStr) {
  return urlEncodedStr.replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}
function guessServiceRegion(url, headers) {
  const { hostname, pathname } = url;
  if (hostname.endsWith(".on.aws")) {
    const match2 = hostname.match(/^[^.]{1,63}\.lambda-url\.([^.]{1,63})\.on\.aws$/);
    return match2 != null ? ["lambda", match2[1] || ""] : ["", ""];
  }
  if (hostname.endsWith(".r2.cloudflarestorage.com")) {
    return ["s3", "auto"];
  }
  if (hostname.endsWith(".backblazeb2.com")) {
    const match2 = hostname.match(/^(?:[^.]{1,63}\.)?s3\.([^.]{1,63})\.backblazeb2\.com$/);
    return match2 != null ? ["s3", match2[1] || ""] : ["", ""];
  }
  const match = hostname.replace("dualstack.", "").match(/([^.]{1,63})\.(?:([^.]{0,63})\.)?amazonaws\.com(?:\.cn)?$/);
  let service = match && match[1] || "";
  let region = match && match[2];
  if (region === "us-gov") {
    region = "us-gov-west-1";
  } else if (region === "s3" || region === "s3-accelerate") {
    region = "us-east-1";
    service = "s3";
  } else if (service === "iot") {
    if (hostname.startsWith("iot.")) {
      service = "execute-api";
    } else if (hostname.startsWith("data.jobs.iot.")) {
      service = "iot-jobs-data";
    } else {
      service = pathname === "/mqtt" ? "iotdevicegateway" : "iotdata";
    }
  } else if (service === "autoscaling") {
    const targetPrefix = (headers.get("X-Amz-Target") || "").split(".")[0];
    if (targetPrefix === "AnyScaleFrontendService") {
      service = "application-autoscaling";
    } else if (targetPrefix === "AnyScaleScalingPlannerFrontendService") {
      service = "autoscaling-plans";
    }
  } else if (region == null && service.startsWith("s3-")) {
    region = service.slice(3).replace(/^fips-|^external-1/, "");
    service = "s3";
  } else if (service.endsWith("-fips")) {
    service = service.slice(0, -5);
  } else if (region && /-\d$/.test(service) && !/-\d$/.test(region)) {
    [service, region] = [region, service];
  }
  return [HOST_SERVICES[service] || service, region || ""];
}

// build/providers/aws/adapter.js
var IAM = {
  service: "iam",
  version: "2010-05-08",
  xmlns: "https://iam.amazonaws.com/doc/2010-05-08/"
};
var STS = {
  service: "sts",
  version: "2011-06-15",
  xmlns: "https://sts.amazonaws.com/doc/2011-06-15/"
};
var REGION = "us-east-1";
async function call(ctx, api, action, params, signer) {
  const http = api === STS ? ctx.service?.("sts") ?? ctx.http : ctx.http;
  const url = http.url("/");
  const body = new URLSearchParams({ Action: action, Version: api.version, ...params }).toString();
  const signed = await new AwsV4Signer({
    method: "POST",
    url: url.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body,
    accessKeyId: signer.id,
    secretAccessKey: signer.secret,
    ...signer.sessionToken ? { sessionToken: signer.sessionToken } : {},
    service: api.service,
    region: REGION
  }).sign();
  const headers = {};
  signed.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return http.send({
    method: "POST",
    path: "/",
    headers,
    body,
    pace: api.service,
    // Reads, setting a status twice and a tag twice change nothing more than once; a second
    // CreateAccessKey would make a second key.
    idempotent: action !== "DeleteAccessKey" && action !== "CreateAccessKey"
  });
}
var XML_ENTITIES = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'"
};
var unescape = (text) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => XML_ENTITIES[name] ?? "");
function elements(xml, name) {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => unescape(m[1] ?? ""));
}
function result(res, api, action) {
  if (res.status !== 200 || res.truncated)
    return void 0;
  const text = res.text.trim();
  const open = new RegExp(`^(?:<\\?xml[^>]*\\?>\\s*)?<${action}Response xmlns="${api.xmlns}">`);
  if (!open.test(text) || !text.endsWith(`</${action}Response>`))
    return void 0;
  return text;
}
function errorCode(res) {
  const text = res.text.trim();
  if (res.status < 400 || res.truncated)
    return void 0;
  if (!/^(?:<\?xml[^>]*\?>\s*)?<ErrorResponse[ >]/.test(text) || !text.endsWith("</ErrorResponse>"))
    return void 0;
  const [code] = elements(text, "Code");
  return code && /^[A-Za-z.]{1,64}$/.test(code) ? code : void 0;
}
var REASONS = {
  InvalidClientTokenId: "unauthorized",
  SignatureDoesNotMatch: "unauthorized",
  ExpiredToken: "unauthorized",
  AccessDenied: "forbidden",
  Throttling: "rate-limited"
};
function awsFailure(ctx, res, what) {
  const code = errorCode(res);
  const error = failure(res, ctx.redactor, `AWS ${what}`, code && REASONS[code] || void 0);
  if (code === "AccessDenied")
    error.message += ` (the admin credentials need ${awsFacts.tokenHelp.replace(/^.*allowed /, "")})`;
  if (code === "InvalidClientTokenId" || code === "SignatureDoesNotMatch" || code === "ExpiredToken")
    error.message += " (AWS refuses the admin credentials themselves: check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN)";
  return error;
}
function admin(auth) {
  const secret = typeof auth === "string" ? auth : auth?.secret;
  const credential = parseAdmin(secret ?? "");
  if (!credential)
    throw new RevocationFailure("unauthorized", `AWS: the admin credentials are not ${awsFacts.checkToken?.("") ?? "valid"}`, null, 0);
  return credential;
}
function adminAccount(ctx, credential) {
  return ctx.memo(`account:${credential.id}`, async () => {
    const res = await call(ctx, STS, "GetCallerIdentity", {}, credential);
    const text = result(res, STS, "GetCallerIdentity");
    const [account] = text ? elements(text, "Account") : [];
    if (!account)
      throw awsFailure(ctx, res, "GetCallerIdentity (admin credentials)");
    return account;
  });
}
async function accountOfKey(ctx, credential, id) {
  const res = await call(ctx, STS, "GetAccessKeyInfo", { AccessKeyId: id }, credential);
  const text = result(res, STS, "GetAccessKeyInfo");
  const [account] = text ? elements(text, "Account") : [];
  if (!account)
    throw awsFailure(ctx, res, "GetAccessKeyInfo");
  return account;
}
function otherAccount(account, own) {
  return new RevocationFailure("unresolvable", `AWS: nothing was deactivated: this key belongs to account ${account}, not to account ${own} of the admin credentials. Deactivate it with credentials of account ${account}, or in that account's console, now.`);
}
function userOfKey(ctx, credential, id) {
  return ctx.memo(`user:${id}`, async () => {
    const res = await call(ctx, IAM, "GetAccessKeyLastUsed", { AccessKeyId: id }, credential);
    if (errorCode(res) === "NoSuchEntity")
      return { user: void 0, res };
    const text = result(res, IAM, "GetAccessKeyLastUsed");
    if (!text)
      throw awsFailure(ctx, res, "GetAccessKeyLastUsed");
    const [user] = elements(text, "UserName");
    return { user, res };
  });
}
async function statusOf(ctx, credential, user, id) {
  const listed = await membersOfUser(ctx, credential, user, "ListAccessKeys", "AccessKeyMetadata");
  if (listed.missing)
    return { status: void 0, res: listed.res };
  for (const { member, res } of listed.members) {
    if (elements(member, "AccessKeyId")[0] !== id)
      continue;
    const [status] = elements(member, "Status");
    if (status !== "Active" && status !== "Inactive")
      throw awsFailure(ctx, res, "ListAccessKeys: unexpected answer");
    return { status, res };
  }
  return { status: void 0, res: listed.res };
}
async function membersOfUser(ctx, credential, user, action, list) {
  const members = [];
  let marker;
  for (let page = 0; page < 20; page++) {
    const res = await call(ctx, IAM, action, { UserName: user, ...marker ? { Marker: marker } : {} }, credential);
    if (errorCode(res) === "NoSuchEntity")
      return { members, res, missing: true };
    const text = result(res, IAM, action);
    if (!text || !text.includes(`</${list}>`) && !text.includes(`<${list}/>`))
      throw awsFailure(ctx, res, action);
    for (const [, member = ""] of text.matchAll(/<member>([\s\S]*?)<\/member>/g))
      members.push({ member, res });
    marker = elements(text, "Marker")[0];
    if (elements(text, "IsTruncated")[0] !== "true" || !marker)
      return { members, res, missing: false };
  }
  throw new RevocationFailure("provider-error", `AWS ${action}: more than 20 pages`);
}
async function keysOfUser(ctx, credential, user) {
  const listed = await membersOfUser(ctx, credential, user, "ListAccessKeys", "AccessKeyMetadata");
  if (listed.missing)
    throw awsFailure(ctx, listed.res, "ListAccessKeys");
  return listed.members.map(({ member, res }) => {
    const [id] = elements(member, "AccessKeyId");
    const [status] = elements(member, "Status");
    if (!id || !status)
      throw awsFailure(ctx, res, "ListAccessKeys: unexpected answer");
    return { id, status };
  });
}
async function tagsOfUser(ctx, credential, user) {
  const tags = /* @__PURE__ */ new Map();
  const listed = await membersOfUser(ctx, credential, user, "ListUserTags", "Tags");
  if (listed.missing)
    throw awsFailure(ctx, listed.res, "ListUserTags");
  for (const { member } of listed.members) {
    const [key] = elements(member, "Key");
    const [value] = elements(member, "Value");
    if (key !== void 0)
      tags.set(key, value ?? "");
  }
  return tags;
}
async function userForReplacement(ctx, credential, id) {
  const { user, res } = await userOfKey(ctx, credential, id);
  if (!user)
    throw failure(res, ctx.redactor, "AWS GetAccessKeyLastUsed names no user", "provider-error");
  return user;
}
function userOfArn(arn) {
  const match = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(.+)$/.exec(arn);
  const resource = match?.[2] ?? "";
  if (match?.[1] === "iam" && resource === "root")
    return {
      not: "the account's root user key: deactivate it signed in as the root user (Security credentials), as IAM's admin credentials cannot manage it"
    };
  if (match?.[1] === "iam" && resource.startsWith("user/"))
    return { user: resource.split("/").at(-1) ?? "" };
  return { not: TEMPORARY_HELP };
}
var ALREADY_INACTIVE = "AWS shows this key Inactive already, before this run: not this run\u2019s doing";
var aws = {
  ...awsFacts,
  throttled: (status, text) => status === 400 && /<Code>Throttling<\/Code>/.test(text),
  async resolve(ctx, value, auth) {
    const credential = admin(auth);
    const pair = splitPair(value);
    if (!pair)
      return { kind: "not-found", said: "the value is not an access key id with its secret" };
    ctx.redactor.add(pair.id);
    ctx.redactor.add(pair.secret);
    const res = await call(ctx, STS, "GetCallerIdentity", {}, pair);
    const code = errorCode(res);
    if (code === "InvalidClientTokenId" || code === "SignatureDoesNotMatch")
      return { kind: "key-rejected", httpStatus: res.status };
    const text = result(res, STS, "GetCallerIdentity");
    const [account] = text ? elements(text, "Account") : [];
    const [arn] = text ? elements(text, "Arn") : [];
    if (!account || !arn)
      throw awsFailure(ctx, res, "GetCallerIdentity");
    const own = await adminAccount(ctx, credential);
    if (account !== own)
      throw otherAccount(account, own);
    const named = userOfArn(arn);
    if ("not" in named)
      throw new RevocationFailure("unresolvable", `AWS: nothing was deactivated: ${named.not}.`);
    const { user, res: lastUsed } = await userOfKey(ctx, credential, pair.id);
    if (user !== named.user)
      throw failure(lastUsed, ctx.redactor, "AWS GetAccessKeyLastUsed names another user than the key itself does", "provider-error");
    const { status } = await statusOf(ctx, credential, user, pair.id);
    if (status !== "Active")
      return {
        kind: "not-found",
        said: status === "Inactive" ? ALREADY_INACTIVE : "AWS lists no such key for its user"
      };
    await ctx.memo(`checked:${pair.id}`, async () => true);
    return { kind: "found", id: pair.id, name: user, authenticated: true };
  },
  async delete(ctx, target, auth) {
    const credential = admin(auth);
    const id = target.id ?? "";
    if (target.value?.includes(id))
      ctx.redactor.add(id);
    if (!ACCESS_KEY_ID.test(id) || id.startsWith("ASIA"))
      throw new RevocationFailure("invalid-input", `AWS: give \`key-id\` as a long-term access key id (AKIA\u2026)`, null, 0);
    const checked = await ctx.memo(`checked:${id}`, async () => false);
    if (!checked) {
      const own = await adminAccount(ctx, credential);
      const account = await accountOfKey(ctx, credential, id);
      if (account !== own)
        throw otherAccount(account, own);
    }
    const { user, res: lastUsed } = await userOfKey(ctx, credential, id);
    if (!user)
      return {
        answer: { kind: "not-found", said: "AWS names no IAM user for this access key id" },
        response: lastUsed
      };
    if (!checked) {
      const { status, res: res2 } = await statusOf(ctx, credential, user, id);
      if (status !== "Active")
        return {
          answer: {
            kind: "not-found",
            said: status === "Inactive" ? ALREADY_INACTIVE : `AWS lists no key with this id for user ${user} (HTTP ${res2.status})`
          },
          response: res2
        };
    }
    const params = { UserName: user, AccessKeyId: id };
    const res = await call(ctx, IAM, "UpdateAccessKey", { ...params, Status: "Inactive" }, credential);
    if (errorCode(res) === "NoSuchEntity")
      return { answer: { kind: "not-found" }, response: res };
    if (!result(res, IAM, "UpdateAccessKey"))
      throw awsFailure(ctx, res, res.status === 200 ? "UpdateAccessKey: unexpected answer" : "UpdateAccessKey");
    const remove = ctx.flags?.["aws-delete"] === true || await ctx.memo(`created:${id}`, async () => false);
    if (remove) {
      const gone = await call(ctx, IAM, "DeleteAccessKey", params, credential);
      if (!result(gone, IAM, "DeleteAccessKey") && errorCode(gone) !== "NoSuchEntity") {
        const error = awsFailure(ctx, gone, "DeleteAccessKey");
        error.message = `AWS: the key was deactivated (UpdateAccessKey answered 200), but deleting it failed: ${error.message}. It is Inactive; delete it by hand.`;
        throw error;
      }
    }
    if (target.value === void 0) {
      const { status, res: after } = await statusOf(ctx, credential, user, id);
      if (remove ? status !== void 0 : status !== "Inactive")
        throw failure(after, ctx.redactor, `AWS ${remove ? "DeleteAccessKey" : "UpdateAccessKey"} answered 200, but ListAccessKeys still shows the key ${status ?? "absent"}`, "provider-error");
      const readBack = `ListAccessKeys for user ${user} showed it Active before and ${remove ? "no longer lists it" : "shows it Inactive"} after`;
      return { answer: { kind: "deleted", readBack }, response: res };
    }
    return { answer: { kind: "deleted" }, response: res };
  },
  async probe(ctx, value) {
    const pair = splitPair(value);
    if (!pair)
      return { kind: "dead" };
    const res = await call(ctx, STS, "GetCallerIdentity", {}, pair);
    const text = result(res, STS, "GetCallerIdentity");
    const [account] = text ? elements(text, "Account") : [];
    if (account)
      return { kind: "alive", owner: account };
    const code = errorCode(res);
    if (code === "InvalidClientTokenId" || code === "SignatureDoesNotMatch")
      return { kind: "dead" };
    throw awsFailure(ctx, res, "GetCallerIdentity");
  },
  // Rotate, then revoke: CreateAccessKey for the leaked key's user. The replacement is the new
  // pair in the form the action reads a key in (`AKIA…:secret`). Access keys have no name: the
  // marker goes where the IAM console keeps an access key's description, a tag of its user whose
  // key is the access key id (TagUser), so a re-run finds it with ListUserTags.
  replacement: {
    // New keys may take a few seconds to work everywhere (IAM's eventual consistency): the new
    // pair is asked five times, 1 + 2 + 3 + 4 s apart, before it counts as not working.
    probeTries: 5,
    async findEarlier(ctx, old, marker, auth) {
      const credential = admin(auth);
      const user = await userForReplacement(ctx, credential, old.id);
      const tags = await tagsOfUser(ctx, credential, user);
      const found = (await keysOfUser(ctx, credential, user)).find((k) => k.id !== old.id && k.status === "Active" && tags.get(k.id) === marker);
      return found ? { id: found.id } : void 0;
    },
    async create(ctx, old, name, auth) {
      const credential = admin(auth);
      const user = await userForReplacement(ctx, credential, old.id);
      const others = (await keysOfUser(ctx, credential, user)).filter((k) => k.id !== old.id);
      if (others.length > 0)
        throw new NotReplaceable(`IAM user ${user} already has another access key besides the leaked one (${others.map((k) => `${k.id}, ${k.status}`).join("; ")}), and a user may have two at most; nothing shows whether it is in use, so it is neither deleted nor taken as the replacement. If it is an old Inactive key, delete it (aws iam delete-access-key --user-name ${user} --access-key-id ${others[0]?.id ?? ""}) and run again`);
      const res = await call(ctx, IAM, "CreateAccessKey", { UserName: user }, credential);
      for (const raw of res.text.matchAll(/<SecretAccessKey>([^<]*)<\/SecretAccessKey>/g)) {
        if (raw[1])
          ctx.redactor.add(raw[1]);
        ctx.redactor.add(unescape(raw[1] ?? ""));
      }
      const text = result(res, IAM, "CreateAccessKey");
      if (!text)
        throw awsFailure(ctx, res, "CreateAccessKey");
      const [id = ""] = elements(text, "AccessKeyId");
      const [secret = ""] = elements(text, "SecretAccessKey");
      const value = `${id}:${secret}`;
      if (ACCESS_KEY_ID.test(id) && secret) {
        ctx.redactor.add(value);
        ctx.redactor.add(id);
        await ctx.memo(`created:${id}`, async () => true);
      }
      const [owner] = elements(text, "UserName");
      const [status] = elements(text, "Status");
      const undo = async (what, detail = "") => {
        const gone = await call(ctx, IAM, "DeleteAccessKey", { UserName: user, AccessKeyId: id }, credential);
        const deleted = result(gone, IAM, "DeleteAccessKey") !== void 0;
        throw new RevocationFailure("provider-error", `AWS ${what}, so the new key ${deleted ? "was deleted again (DeleteAccessKey)" : `could not be deleted again: delete it in the IAM console (user ${user})`}${detail ? `: ${detail}` : ""}`);
      };
      if (!ACCESS_KEY_ID.test(id) || id.startsWith("ASIA") || !/^[A-Za-z0-9/+]{40}$/.test(secret) || owner !== user || status !== "Active") {
        if (ACCESS_KEY_ID.test(id))
          await undo("CreateAccessKey answered a key that is not an Active long-term key of this user");
        throw failure(res, ctx.redactor, "AWS CreateAccessKey: unexpected answer", "provider-error");
      }
      const tagged = await call(ctx, IAM, "TagUser", { UserName: user, "Tags.member.1.Key": id, "Tags.member.1.Value": name }, credential);
      if (!result(tagged, IAM, "TagUser"))
        await undo(`TagUser refused to mark the new key with ${name}`, awsFailure(ctx, tagged, "TagUser").message);
      return { id, value };
    }
  }
};
export {
  aws
};

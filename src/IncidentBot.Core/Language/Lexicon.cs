namespace IncidentBot.Core.Language;

/// <summary>
/// The curated word lists the rules are built on. All entries are lower case with ASCII apostrophes
/// (the analyser normalises curly quotes before lookup).
/// </summary>
internal static class Lexicon
{
    /// <summary>"it's" and friends end in 's but are not possessives.</summary>
    public static readonly WordSet Contractions = new(
        "it's", "he's", "she's", "that's", "what's", "who's", "there's", "here's", "let's", "where's", "how's", "this's");

    public static readonly WordSet FirstPerson = new("i", "we", "us", "i'm", "we're", "i've", "we've", "i'd", "we'd");
    public static readonly WordSet ThirdPerson = new("he", "she", "him", "he's", "she's", "he'd", "she'd");
    public static readonly WordSet They = new("they", "them", "they're", "they've", "they'd");
    public static readonly WordSet You = new("you", "u", "y'all", "you're", "you've", "you'd", "ya");
    public static readonly WordSet Indefinite = new("someone", "somebody", "everyone", "everybody", "anyone", "anybody");
    public static readonly WordSet Negative = new("nobody", "noone", "none", "nothing");
    public static readonly WordSet NonPerson = new(
        "it", "this", "these", "those", "which", "something", "everything", "its", "itself", "there", "what");

    public static readonly WordSet PossessivePronouns = new("his", "her", "their", "your", "my", "our");

    /// <summary>Nouns that denote people or groups of people in incident prose.</summary>
    public static readonly WordSet PersonNouns = new(
        "engineer", "developer", "dev", "programmer", "coder", "sre", "dba", "admin", "administrator", "sysadmin",
        "on-call", "oncall", "on-caller", "oncaller", "responder", "commander", "ic", "lead", "manager", "intern",
        "contractor", "hire", "junior", "senior", "newbie", "newcomer", "reviewer", "approver", "author", "committer",
        "person", "people", "folks", "folk", "guy", "guys", "team", "teammate", "colleague", "staff", "employee",
        "tester", "qa", "analyst", "architect", "ops", "support", "user", "customer", "human", "individual",
        "consultant", "maintainer", "swe", "sdet", "em", "pm", "tl", "cto", "ceo", "vp", "boss", "techlead",
        "facilitator", "scribe", "newhire", "trainee", "operators", "devops");

    /// <summary>Nouns for systems, processes, artefacts and conditions: a subject that is one of these is not a person.</summary>
    public static readonly WordSet SystemNouns = new(
        "alert", "alerting", "alarm", "monitor", "monitoring", "check", "healthcheck", "health-check", "probe", "pipeline",
        "ci", "cd", "ci/cd", "build", "job", "cronjob", "cron", "task", "runner", "agent", "worker", "consumer", "producer",
        "subscriber", "publisher", "broker", "cluster", "node", "pod", "container", "vm", "instance", "host", "server",
        "machine", "service", "microservice", "api", "endpoint", "gateway", "proxy", "balancer", "lb", "dns", "cdn", "waf",
        "firewall", "router", "mesh", "sidecar", "ingress", "controller", "scheduler", "autoscaler", "daemon", "process",
        "script", "tool", "tooling", "cli", "console", "ui", "dashboard", "panel", "graph", "chart", "manifest", "config",
        "configuration", "template", "policy", "linter", "lint", "validator", "validation", "parser", "serializer",
        "loader", "client", "sdk", "library", "lib", "package", "framework", "code", "codebase", "change", "commit", "pr",
        "patch", "diff", "fix", "hotfix", "release", "deploy", "deployment", "rollout", "rollback", "canary", "migration",
        "upgrade", "update", "version", "image", "artifact", "registry", "repo", "repository", "branch", "system",
        "platform", "infrastructure", "infra", "environment", "staging", "production", "prod", "automation", "bot",
        "runbook", "playbook", "checklist", "procedure", "approval", "gate", "guardrail", "retry", "retries", "timeout",
        "backoff", "logic", "algorithm", "cache", "database", "db", "store", "storage", "datastore", "volume", "disk",
        "filesystem", "kernel", "os", "app", "application", "frontend", "backend", "website", "site", "browser", "batch",
        "request", "response", "call", "breaker", "limiter", "heartbeat", "lease", "replication", "replica", "primary",
        "standby", "leader", "follower", "failover", "backup", "snapshot", "restore", "queue", "topic", "stream",
        "partition", "shard", "index", "table", "schema", "query", "transaction", "file", "bucket", "certificate", "cert",
        "secret", "token", "credential", "flag", "feature", "toggle", "setting", "default", "value", "parameter", "limit",
        "quota", "threshold", "metric", "log", "trace", "event", "message", "notification", "pager", "rule", "test",
        "suite", "step", "stage", "path", "flow", "workflow", "trigger", "webhook", "hook", "handler", "function",
        "method", "module", "component", "dependency", "provider", "upstream", "downstream", "region", "zone", "traffic",
        "load", "spike", "latency", "cpu", "memory", "network", "connection", "pool", "thread", "lock", "loop", "election",
        "link", "statefulset", "daemonset", "configmap", "crd", "helm", "terraform",
        "review", "form", "button", "page", "timer", "clock", "sync", "resync", "cleanup", "drain", "restart", "outage",
        "incident", "failure", "error", "bug", "issue", "problem", "regression", "leak", "storm", "backlog", "typo",
        "entry", "record", "row", "field", "key", "value", "header", "payload", "body", "route", "rate", "budget", "slo",
        "sla", "it", "load-balancer", "library", "driver", "plugin", "extension", "firmware", "hardware", "switch",
        "cable", "rack", "datacenter", "data", "output", "input", "result", "exception", "crash", "signal", "dashboards");

    /// <summary>Product and tool names that look like proper names but are systems.</summary>
    public static readonly WordSet Tools = new(
        "terraform", "kubernetes", "k8s", "kafka", "redis", "postgres", "postgresql", "mysql", "mongo", "mongodb",
        "jenkins", "ansible", "helm", "argo", "argocd", "vault", "consul", "nginx", "envoy", "istio", "linkerd",
        "datadog", "pagerduty", "opsgenie", "grafana", "prometheus", "alertmanager", "sentry", "spinnaker", "github",
        "gitlab", "circleci", "chef", "puppet", "docker", "cloudflare", "fastly", "akamai", "aws", "gcp", "azure",
        "lambda", "elasticsearch", "opensearch", "cassandra", "rabbitmq", "celery", "sidekiq", "airflow", "flux",
        "karpenter", "nomad", "zookeeper", "etcd", "slack", "teams", "jira", "splunk", "kibana", "loki", "tempo",
        "jaeger", "heroku", "vercel", "netlify", "okta", "auth0", "stripe", "twilio", "s3", "ec2", "rds", "ecs", "eks",
        "gke", "aks", "cloudfront", "route53", "cloudwatch", "bazel", "gradle", "maven", "npm", "webpack", "node",
        "linux", "windows", "ubuntu", "debian", "systemd", "git", "ceph", "minio", "haproxy", "traefik", "caddy",
        "varnish", "memcached", "snowflake", "bigquery", "spark", "flink", "hadoop", "zabbix", "nagios", "icinga",
        "pingdom", "statuspage", "rundeck", "renovate", "dependabot", "copilot", "bitbucket", "teamcity", "octopus",
        "pulumi", "cloudformation", "crossplane", "vitess", "cockroachdb", "aurora", "dynamodb", "kinesis", "sqs", "sns",
        "nats", "temporal", "keycloak", "opentelemetry", "honeycomb", "newrelic", "dynatrace", "cert-manager",
        "velero", "calico", "cilium", "coredns", "kube-proxy", "kubelet", "containerd", "gatekeeper", "kyverno",
        "sealed-secrets", "external-dns", "keda", "harbor", "quay", "artifactory", "nexus", "sonarqube", "snyk", "trivy",
        "incidentbot", "oom", "oom-killer", "java", "python", "golang",
        "dotnet", ".net", "rust", "ruby", "rails", "django", "flask", "spring", "react", "angular", "vue", "graphql");

    /// <summary>Capitalised words that are neither names nor systems (calendar words, headings).</summary>
    public static readonly WordSet NonNames = new(
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "utc", "gmt", "i",
        "root", "cause", "lesson", "lessons", "action", "impact", "timeline", "summary", "update", "note", "tl;dr",
        "why", "what", "how", "when", "where", "who", "then", "next", "later", "earlier", "also", "eu", "us", "apac",
        "emea", "black", "christmas", "easter", "q1", "q2", "q3", "q4", "sev1", "sev2", "sev3", "sev4", "p1", "p2", "p3");

    /// <summary>Common given names, so a sentence that starts with a name is recognised. Mid-sentence capitalised words are names by default.</summary>
    public static readonly WordSet Names = new(
        "aaron", "abby", "abdul", "abigail", "adam", "adrian", "ahmed", "aisha", "akira", "alan", "albert", "alex",
        "alexander", "alexandra", "alexis", "ali", "alice", "alicia", "alison", "amanda", "amber", "amelia", "amir",
        "amit", "amy", "ana", "andrea", "andrew", "andy", "angela", "anil", "anita", "ann", "anna", "anne", "anthony",
        "anton", "arjun", "arthur", "ashley", "aya", "barbara", "ben", "benjamin", "beth", "bill", "bob", "brad",
        "brandon", "brian", "bruno", "caleb", "cameron", "carl", "carla", "carlos", "carmen", "carol", "caroline",
        "catherine", "charles", "charlie", "charlotte", "chen", "chloe", "chris", "christian", "christina", "christine",
        "christopher", "claire", "clara", "colin", "connor", "craig", "dan", "dana", "daniel", "daniela", "danny",
        "dave", "david", "deepak", "denise", "dennis", "derek", "diana", "diego", "dimitri", "dmitri", "dominic", "don",
        "donna", "doug", "dylan", "ed", "eddie", "edward", "elena", "eli", "elif", "elizabeth", "ella", "ellen", "emily",
        "emma", "eric", "erik", "erin", "ethan", "eva", "eve", "fatima", "felix", "fernando", "fiona", "francesca",
        "francisco", "frank", "fred", "gabriel", "gary", "george", "grace", "greg", "gregory", "hana", "hannah",
        "harry", "hassan", "heather", "helen", "henry", "hiroshi", "holly", "hugo", "ian", "igor", "ingrid", "isaac",
        "isabel", "isabella", "ivan", "jack", "jacob", "jake", "jamal", "james", "jamie", "jan", "jane", "janet",
        "jason", "javier", "jay", "jean", "jeff", "jen", "jenny", "jennifer", "jeremy", "jerry", "jess", "jessica",
        "jill", "jim", "jin", "joan", "joe", "joel", "john", "jon", "jonathan", "jordan", "jorge", "jose", "joseph",
        "josh", "joshua", "juan", "julia", "julian", "julie", "justin", "karen", "karim", "kate", "katie", "kavya",
        "keith", "kelly", "ken", "kenji", "kevin", "kim", "kyle", "lars", "laura", "lauren", "lea", "lee", "lena",
        "leo", "li", "liam", "linda", "lisa", "liu", "logan", "lucas", "lucy", "luis", "luka", "luke", "maria",
        "marco", "marcus", "mark", "marta", "martin", "mary", "matt", "matthew", "max", "maya", "megan", "mehmet",
        "mei", "melissa", "mia", "michael", "michelle", "miguel", "mike", "mohamed", "mohammed", "monica", "nadia",
        "nancy", "naomi", "natalie", "nate", "nathan", "neha", "nick", "nicole", "nikhil", "nina", "noah", "nora",
        "olga", "oliver", "olivia", "omar", "oscar", "owen", "pablo", "pat", "patricia", "patrick", "paul", "paula",
        "pedro", "peter", "phil", "philip", "pierre", "pooja", "priya", "rachel", "rahul", "raj", "rajesh", "ravi",
        "raymond", "rebecca", "richard", "rick", "rob", "robert", "rohan", "ron", "rosa", "ryan", "sakura", "sam",
        "samantha", "samuel", "sandra", "sanjay", "sara", "sarah", "scott", "sean", "sebastian", "sergei", "shawn",
        "simon", "sofia", "sophia", "sophie", "stefan", "stephanie", "stephen", "steve", "steven", "sunil", "susan",
        "takeshi", "tanya", "taylor", "ted", "teresa", "thomas", "tim", "timothy", "tina", "tom", "tommy", "tony",
        "tyler", "valentina", "vanessa", "victor", "victoria", "vijay", "vikram", "vincent", "walter", "wang", "wei",
        "wendy", "william", "xin", "yan", "yara", "yasmin", "yuki", "yusuf", "zach", "zara", "zoe", "zhang", "ahmad",
        "alejandro", "amara", "ananya", "bianca", "chidi", "chinedu", "emeka", "femi", "kofi", "kwame", "ngozi",
        "olu", "tunde", "lars", "sven", "astrid", "freya", "magnus", "mateo", "santiago", "valeria", "camila", "lucia",
        "andrei", "anya", "boris", "katya", "pavel", "yuri", "haruto", "ren", "sora", "min", "jun", "seo", "ji",
        "arun", "divya", "gaurav", "meera", "sneha", "varun", "tariq", "layla", "noor", "omari", "zainab", "raul",
        "marek", "tomas", "jakub", "piotr", "zofia", "ahmet", "emre", "elif", "selin", "nikolai", "jonas", "lukas",
        "finn", "emil", "leon", "paulo", "thiago", "rafael", "gabriela", "isabela", "hamid", "reza", "parisa", "dara");

    /// <summary>Adverbs that may sit between a subject and its verb ("Alice simply forgot").</summary>
    public static readonly WordSet SubjectAdverbs = new(
        "also", "just", "simply", "then", "again", "accidentally", "inadvertently", "mistakenly", "clearly", "obviously",
        "apparently", "evidently", "really", "completely", "totally", "somehow", "basically", "actually", "still",
        "already", "initially", "originally", "unfortunately", "honestly", "literally", "entirely", "quickly",
        "immediately", "definitely", "certainly", "probably", "likely", "maybe", "perhaps", "repeatedly", "once",
        "later", "first", "all", "both", "each", "themselves", "himself", "herself", "myself", "ourselves", "yourself",
        "frankly", "seriously", "promptly", "subsequently", "sadly", "accidently", "always", "often", "sometimes",
        "usually", "even", "only", "yet", "conveniently", "predictably", "typically", "too");

    /// <summary>Auxiliaries skipped between subject and a participle ("Kevin has broken").</summary>
    public static readonly WordSet PerfectAux = new("has", "have", "had", "'ve", "'d", "having");

    public static readonly WordSet Modals = new(
        "could", "would", "should", "might", "may", "can", "will", "must", "shall", "'ll", "wouldn't", "couldn't",
        "shouldn't", "won't", "can't", "cannot");

    public static readonly WordSet Determiners = new(
        "the", "a", "an", "our", "their", "his", "her", "my", "your", "this", "that", "these", "those", "some", "every",
        "each", "any", "its", "one");

    /// <summary>Words that start a new clause; a subject is never found across them.</summary>
    public static readonly WordSet ClauseStarters = new(
        "and", "but", "or", "so", "because", "since", "when", "while", "after", "before", "if", "unless", "although",
        "though", "as", "once", "until", "whereas", "yet", "where", "whether", "then", "nor", "cause", "cos");

    /// <summary>Coordinators after which a verb may share the earlier subject ("Ahmed deployed and forgot").</summary>
    public static readonly WordSet Coordinators = new("and", "but", "or", "then", "yet", "&");

    public static readonly WordSet Prepositions = new("on", "in", "of", "from", "at", "with", "for", "during", "behind");

    public static readonly WordSet BeVerbs = new(
        "is", "was", "were", "are", "be", "been", "being", "'s", "am", "it's", "that's", "seems", "seemed", "looks",
        "looked", "felt", "feels", "became", "becomes", "this's", "isn't", "wasn't");

    public static readonly WordSet Negators = new(
        "not", "no", "never", "nobody", "nor", "without", "neither", "hardly", "non", "didn't", "didnt", "isn't", "isnt",
        "wasn't", "wasnt", "don't", "dont", "doesn't", "doesnt", "aren't", "arent", "weren't", "werent", "won't",
        "can't", "cant", "couldn't", "shouldn't", "wouldn't", "cannot", "nobody's", "noone", "avoid", "avoiding",
        "stop", "instead", "rather", "none", "nothing", "barely", "ain't");

    /// <summary>Irregular past participles; regular ones end in "-ed".</summary>
    public static readonly WordSet IrregularParticiples = new(
        "known", "seen", "caught", "done", "run", "gone", "taken", "been", "written", "read", "thought", "kept", "left",
        "made", "put", "set", "shut", "spoken", "told", "understood", "heard", "held", "brought", "built", "found",
        "given", "got", "gotten", "hit", "let", "paid", "sent", "spent", "stood", "stuck", "won", "woken", "chosen",
        "driven", "fallen", "felt", "frozen", "hidden", "led", "lost", "meant", "shown", "struck", "begun", "broken",
        "bought", "drawn", "flown", "forgotten", "grown", "laid", "lit", "rung", "risen", "sought", "sold", "slept",
        "spun", "split", "spread", "swept", "taught", "thrown", "torn", "withdrawn", "woke", "rebuilt", "rerun",
        "redone", "rewritten", "undone", "foreseen", "come", "become", "dealt", "fed", "fought", "meant", "proven",
        "shaken", "sped", "stepped", "upheld", "overseen", "mistaken", "ridden", "shot", "bitten", "hung", "cut",
        "quit", "shed", "spat", "sunk", "spelt", "learnt", "spotted", "dug");

    /// <summary>Remedies a person is told they could "just" do: base forms only, so "we just deployed" never matches.</summary>
    public static readonly WordSet RemedyVerbs = new(
        "restart", "reboot", "bounce", "roll", "rollback", "revert", "rerun", "run", "read", "check", "look", "follow",
        "use", "flip", "toggle", "bump", "scale", "click", "delete", "apply", "retry", "redeploy", "add", "ask", "fix",
        "increase", "raise", "kill", "drain", "clear", "purge", "flush", "turn", "disable", "enable", "undo", "reset",
        "resize", "escalate", "ping", "grep", "google", "search", "reload", "cordon", "double-check", "verify", "test",
        "watch", "page", "call", "rollback", "re-run", "re-deploy", "remove", "set", "push", "switch", "tail", "open");

    /// <summary>Things "missed" that are measurements, not attention ("we missed our SLO").</summary>
    public static readonly WordSet MissedTargets = new(
        "slo", "slos", "sla", "slas", "target", "targets", "deadline", "deadlines", "budget", "window", "objective",
        "goal", "estimate", "forecast", "quarter", "run", "runs", "schedule", "heartbeat", "heartbeats");

    /// <summary>Verbs that fit "X didn't …" when X is a person being faulted for an omission.</summary>
    public static readonly WordSet OmittedChecks = new(
        "check", "verify", "test", "validate", "double-check", "doublecheck", "review", "confirm", "look", "notice",
        "watch", "monitor", "think", "escalate", "update", "ask", "bother", "care", "listen", "read", "follow", "pay",
        "checked", "verified", "tested", "validated", "double-checked", "reviewed", "confirmed", "looked", "noticed",
        "watched", "monitored", "thought", "escalated", "updated", "asked", "bothered", "cared", "listened", "followed");

    public static readonly WordSet KnowledgeParticiples = new(
        "known", "seen", "realised", "realized", "noticed", "anticipated", "expected", "foreseen", "suspected",
        "spotted", "caught", "understood", "guessed", "predicted", "recognised", "recognized", "figured", "noted");

    /// <summary>"Anyone could have &lt;spotted&gt; it": verbs of noticing, which make the miss sound easy.</summary>
    public static readonly WordSet NoticingParticiples = new(
        "noticed", "spotted", "caught", "seen", "known", "realised", "realized", "avoided", "prevented", "fixed", "solved",
        "found", "figured", "checked", "read", "recognised", "recognized", "predicted", "anticipated", "foreseen",
        "detected", "identified", "diagnosed");

    /// <summary>Qualifiers in "any competent engineer would have…" that turn a hypothetical into a judgement.</summary>
    public static readonly WordSet JudgementQualifiers = new(
        "competent", "decent", "half-decent", "sane", "sensible", "experienced", "reasonable", "junior", "first-year",
        "intern", "child", "paying", "awake", "careful", "good", "qualified", "trained", "attentive", "responsible");

    /// <summary>"lazy" as a programming term ("lazy loading", "Lazy&lt;T&gt;").</summary>
    public static readonly WordSet TechnicalLazy = new(
        "load", "loads", "loading", "loaded", "loader", "init", "initialization", "initialisation", "initialize",
        "initialise", "initialized", "initialised", "evaluation", "evaluated", "eval", "instantiation", "instantiated",
        "iterator", "iterators", "sequence", "sequences", "val", "value", "values", "property", "properties", "list",
        "lists", "collection", "collections", "import", "imports", "fetch", "fetching", "binding", "bindings", "mode",
        "creation", "start", "attribute", "column", "relationship", "relation", "deserialization", "parsing",
        "compilation", "expansion", "consumer", "singleton", "object", "objects", "proxy", "query", "queries", "ref",
        "reference", "static", "type", "field", "fields", "getter", "stream", "streams", "caching", "allocation",
        "write", "writes", "replication", "sync", "deletion", "expiry", "expiration", "resolution", "mount", "pull");

    /// <summary>"trivial" next to one of these minimises the remedy or the mistake.</summary>
    public static readonly WordSet TrivialThings = new(
        "fix", "fixes", "mistake", "mistakes", "error", "errors", "oversight", "thing", "task", "step", "matter",
        "slip", "remedy", "workaround", "solution");

    /// <summary>Subjects of "… was trivial" that name the remedy.</summary>
    public static readonly WordSet RemedyNouns = new(
        "fix", "recovery", "solution", "remedy", "workaround", "mitigation", "rollback", "resolution", "answer",
        "restart", "revert", "repair");

    /// <summary>"easy to …": hindsight when it is the miss that is called easy to avoid.</summary>
    public static readonly WordSet EasyToAvoid = new("avoid", "catch", "spot", "notice", "prevent");

    public static readonly WordSet MistakeNouns = new(
        "mistake", "mistakes", "error", "errors", "blunder", "blunders", "slip", "slip-up", "screwup", "screw-up",
        "screwups", "oversight", "fault", "faults", "mess", "cock-up", "negligence", "carelessness", "incompetence",
        "sloppiness", "laziness", "fuckup", "fuck-up", "failure");

    /// <summary>Outcomes that can be said to be "on" someone ("the outage is on Victor").</summary>
    public static readonly WordSet OutcomeNouns = new(
        "outage", "incident", "failure", "loss", "downtime", "breakage", "mess", "this", "that", "it", "one", "problem",
        "issue", "screwup", "screw-up", "mistake", "damage");
}

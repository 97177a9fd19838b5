/// The named optimizers (optax's `alias.py`): each is a table of hyperparameters and a
/// 2–4 stage recipe. Defaults follow `torch.optim` 2.x; Lion, which PyTorch lacks, follows
/// optax.
public enum OptimizerCatalog {
    /// Every catalog entry, in the order `optbench list optimizers` shows them.
    public static let all: [OptimizerSpec] = [
        sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, adamax, nadam, radam, adadelta, lion,
    ]

    /// The catalog names.
    public static var names: [String] { all.map(\.name) }

    /// The entry called `name`, if any.
    public static func spec(named name: String) -> OptimizerSpec? {
        all.first { $0.name == name }
    }
}

// MARK: - Shared table rows

extension HyperparameterSpec {
    static func lr(_ value: Double) -> Self {
        .init("lr", default: .real(value), range: .nonNegative, "learning rate (multiplied by the schedule's factor)")
    }
    static func weightDecay(_ value: Double, decoupled: Bool = false) -> Self {
        .init("weight_decay", default: .real(value), range: .nonNegative,
              decoupled ? "decoupled weight decay λ: θ ← θ·(1 − lr·λ)" : "L2 penalty λ added to the gradient as λθ")
    }
    static func eps(_ value: Double) -> Self {
        .init("eps", default: .real(value), range: .nonNegative, "term added to the denominator for numerical stability")
    }
    static func beta1(_ value: Double) -> Self {
        .init("beta1", default: .real(value), range: .unitHalfOpen, "decay rate of the first moment (betas[0] in PyTorch)")
    }
    static func beta2(_ value: Double) -> Self {
        .init("beta2", default: .real(value), range: .unitHalfOpen, "decay rate of the second moment (betas[1] in PyTorch)")
    }
    static let decoupledWeightDecay = HyperparameterSpec(
        "decoupled_weight_decay", .flag, default: false, "apply weight_decay as AdamW does instead of as an L2 gradient term")
}

// MARK: - SGD family

extension OptimizerCatalog {
    static func sgdParameters(momentum: Double, nesterov: Bool) -> [HyperparameterSpec] {
        [
            .lr(1e-3),
            .init("momentum", default: .real(momentum), range: .unitClosed, "momentum factor μ"),
            .init("dampening", default: 0.0, range: .unitClosed, "dampening τ of the momentum buffer"),
            .weightDecay(0),
            .init("nesterov", .flag, default: .flag(nesterov), "use Nesterov momentum (needs momentum > 0, dampening 0)"),
        ]
    }

    static func sgdRecipe(_ h: ResolvedHyperparameters) -> [any GradientTransform] {
        var stages: [any GradientTransform] = [AddWeightDecay(lambda: h.real("weight_decay"))]
        if h.real("momentum") > 0 {
            stages.append(Trace(momentum: h.real("momentum"), dampening: h.real("dampening"), nesterov: h.flag("nesterov")))
        }
        return stages + [ScaleByLearningRate()]
    }

    static func sgdCrossCheck(_ h: ResolvedHyperparameters) -> String? {
        guard h.flag("nesterov") else { return nil }
        return h.real("momentum") > 0 && h.real("dampening") == 0
            ? nil : "nesterov: Nesterov momentum requires momentum > 0 and dampening 0"
    }

    static let sgdFormula = """
        g_t ← g_t + weight_decay·θ_{t−1}
        b_1 = g_1;  b_t = momentum·b_{t−1} + (1 − dampening)·g_t     (if momentum > 0)
        d_t = g_t + momentum·b_t if nesterov, else b_t (or g_t without momentum)
        θ_t = θ_{t−1} − lr·d_t
        """

    static let sgd = OptimizerSpec(
        name: "sgd", summary: "stochastic gradient descent, with optional (Nesterov) momentum",
        convention: "torch.optim.SGD; the momentum buffer starts as the first gradient, lr outside the buffer",
        formula: sgdFormula, parameters: sgdParameters(momentum: 0, nesterov: false),
        crossCheck: sgdCrossCheck, recipe: sgdRecipe)

    static let momentum = OptimizerSpec(
        name: "momentum", summary: "SGD with heavy-ball momentum (sgd preset: momentum 0.9)",
        convention: "torch.optim.SGD(momentum=0.9)", formula: sgdFormula,
        parameters: sgdParameters(momentum: 0.9, nesterov: false), crossCheck: sgdCrossCheck, recipe: sgdRecipe)

    static let nesterov = OptimizerSpec(
        name: "nesterov", summary: "SGD with Nesterov momentum (sgd preset: momentum 0.9, nesterov)",
        convention: "torch.optim.SGD(momentum=0.9, nesterov=True) (Sutskever et al. 2013 form)", formula: sgdFormula,
        parameters: sgdParameters(momentum: 0.9, nesterov: true), crossCheck: sgdCrossCheck, recipe: sgdRecipe)
}

// MARK: - Adaptive methods

extension OptimizerCatalog {
    static let adagrad = OptimizerSpec(
        name: "adagrad", summary: "per-coordinate steps scaled by the root of the summed squared gradients (Duchi et al. 2011)",
        convention: "torch.optim.Adagrad; eps outside the square root (optax puts it inside and starts the sum at 0.1)",
        formula: """
            g_t ← g_t + weight_decay·θ_{t−1}
            s_t = s_{t−1} + g_t²                       (s_0 = initial_accumulator_value)
            θ_t = θ_{t−1} − lr/(1 + (t−1)·lr_decay) · g_t/(sqrt(s_t) + eps)
            """,
        parameters: [
            .lr(1e-2),
            .init("lr_decay", default: 0.0, range: .nonNegative, "learning-rate decay: lr/(1 + (t−1)·lr_decay)"),
            .weightDecay(0),
            .init("initial_accumulator_value", default: 0.0, range: .nonNegative, "starting value of the sum of squares"),
            .eps(1e-10),
        ],
        recipe: { h in
            [
                AddWeightDecay(lambda: h.real("weight_decay")),
                ScaleByAdagrad(eps: h.real("eps"), initialAccumulator: h.real("initial_accumulator_value")),
                ScaleByInverseTimeDecay(decay: h.real("lr_decay")),
                ScaleByLearningRate(),
            ]
        })

    static let rmsprop = OptimizerSpec(
        name: "rmsprop", summary: "steps scaled by a running RMS of the gradient (Hinton 2012), optionally centred and with momentum",
        convention: "torch.optim.RMSprop; eps outside the square root, no bias correction (TensorFlow and optax put eps inside)",
        formula: """
            g_t ← g_t + weight_decay·θ_{t−1}
            v_t = alpha·v_{t−1} + (1 − alpha)·g_t²
            ḡ_t = alpha·ḡ_{t−1} + (1 − alpha)·g_t;  d_t = sqrt(v_t − ḡ_t²) + eps   (centered)
            d_t = sqrt(v_t) + eps                                                 (otherwise)
            b_t = momentum·b_{t−1} + g_t/d_t;  θ_t = θ_{t−1} − lr·b_t              (momentum > 0)
            θ_t = θ_{t−1} − lr·g_t/d_t                                             (otherwise)
            """,
        parameters: [
            .lr(1e-2),
            .init("alpha", default: 0.99, range: .unitHalfOpen, "smoothing constant of the squared-gradient average"),
            .eps(1e-8),
            .weightDecay(0),
            .init("momentum", default: 0.0, range: .unitClosed, "momentum factor applied to the scaled step"),
            .init("centered", .flag, default: false, "normalize by the estimated variance (subtract the squared mean)"),
        ],
        recipe: { h in
            var stages: [any GradientTransform] = [
                AddWeightDecay(lambda: h.real("weight_decay")),
                ScaleByRMS(alpha: h.real("alpha"), eps: h.real("eps"), centered: h.flag("centered")),
            ]
            if h.real("momentum") > 0 { stages.append(Trace(momentum: h.real("momentum"))) }
            return stages + [ScaleByLearningRate()]
        })

    static let adamFormula = """
        g_t ← g_t + weight_decay·θ_{t−1}    (or θ decays as in adamw if decoupled_weight_decay)
        m_t = beta1·m_{t−1} + (1 − beta1)·g_t
        v_t = beta2·v_{t−1} + (1 − beta2)·g_t²
        v̄_t = max(v̄_{t−1}, v_t) if amsgrad, else v_t
        θ_t = θ_{t−1} − lr·(m_t/(1 − beta1^t)) / (sqrt(v̄_t)/sqrt(1 − beta2^t) + eps)
        """

    static func adamParameters(lr: Double, weightDecay: Double, decoupled: Bool, amsgrad: Bool) -> [HyperparameterSpec] {
        [
            .lr(lr), .beta1(0.9), .beta2(0.999), .eps(1e-8), .weightDecay(weightDecay, decoupled: decoupled),
            .init("amsgrad", .flag, default: .flag(amsgrad), "use the running maximum of v (Reddi et al. 2018)"),
        ] + (decoupled ? [] : [.decoupledWeightDecay])
    }

    static func adamRecipe(_ h: ResolvedHyperparameters) -> [any GradientTransform] {
        withWeightDecay(h, around: ScaleByAdam(beta1: h.real("beta1"), beta2: h.real("beta2"), eps: h.real("eps"), amsgrad: h.flag("amsgrad")))
    }

    static let adam = OptimizerSpec(
        name: "adam", summary: "adaptive moment estimation (Kingma & Ba 2015)",
        convention: "torch.optim.Adam; eps outside the square root, after bias correction; weight_decay is coupled L2",
        formula: adamFormula, parameters: adamParameters(lr: 1e-3, weightDecay: 0, decoupled: false, amsgrad: false),
        recipe: adamRecipe)

    static let amsgrad = OptimizerSpec(
        name: "amsgrad", summary: "Adam with the running maximum of the second moment (adam preset: amsgrad)",
        convention: "torch.optim.Adam(amsgrad=True): the maximum is taken of v, before bias correction",
        formula: adamFormula, parameters: adamParameters(lr: 1e-3, weightDecay: 0, decoupled: false, amsgrad: true),
        recipe: adamRecipe)

    static let adamw = OptimizerSpec(
        name: "adamw", summary: "Adam with decoupled weight decay (Loshchilov & Hutter 2019)",
        convention: "torch.optim.AdamW: decay multiplied by lr, θ ← θ·(1 − lr·λ); the paper scales it by the schedule only",
        formula: """
            m_t, v_t, v̄_t as in adam (no L2 term in g_t)
            θ_t = θ_{t−1} − lr·(weight_decay·θ_{t−1} + (m_t/(1 − beta1^t)) / (sqrt(v̄_t)/sqrt(1 − beta2^t) + eps))
            """,
        parameters: adamParameters(lr: 1e-3, weightDecay: 1e-2, decoupled: true, amsgrad: false),
        recipe: { h in
            [
                ScaleByAdam(beta1: h.real("beta1"), beta2: h.real("beta2"), eps: h.real("eps"), amsgrad: h.flag("amsgrad")),
                DecoupledWeightDecay(lambda: h.real("weight_decay")),
                ScaleByLearningRate(),
            ]
        })

    static let adamax = OptimizerSpec(
        name: "adamax", summary: "Adam with an infinity-norm second moment (Kingma & Ba 2015, §7.1)",
        convention: "torch.optim.Adamax; eps added to |g| inside the max (optax adds it after)",
        formula: """
            g_t ← g_t + weight_decay·θ_{t−1}
            m_t = beta1·m_{t−1} + (1 − beta1)·g_t
            n_t = max(beta2·n_{t−1}, |g_t| + eps)
            θ_t = θ_{t−1} − lr/(1 − beta1^t) · m_t/n_t
            """,
        parameters: [.lr(2e-3), .beta1(0.9), .beta2(0.999), .eps(1e-8), .weightDecay(0)],
        recipe: { h in
            [
                AddWeightDecay(lambda: h.real("weight_decay")),
                ScaleByAdamax(beta1: h.real("beta1"), beta2: h.real("beta2"), eps: h.real("eps")),
                ScaleByLearningRate(),
            ]
        })

    /// Weight decay placed as PyTorch's `decoupled_weight_decay` flag says: coupled (before the
    /// scaling) or decoupled (after it).
    static func withWeightDecay(_ h: ResolvedHyperparameters, around scaling: any GradientTransform) -> [any GradientTransform] {
        let lambda = h.real("weight_decay")
        return h.flag("decoupled_weight_decay")
            ? [scaling, DecoupledWeightDecay(lambda: lambda), ScaleByLearningRate()]
            : [AddWeightDecay(lambda: lambda), scaling, ScaleByLearningRate()]
    }

    static let nadam = OptimizerSpec(
        name: "nadam", summary: "Adam with Nesterov momentum and a momentum schedule (Dozat 2016)",
        convention: "torch.optim.NAdam, including its μ_t schedule; optax's nadam has none (μ_t = beta1)",
        formula: """
            g_t ← g_t + weight_decay·θ_{t−1}    (or θ decays as in adamw if decoupled_weight_decay)
            μ_t = beta1·(1 − 0.5·0.96^(t·momentum_decay));  Π_t = Π_{t−1}·μ_t
            m_t = beta1·m_{t−1} + (1 − beta1)·g_t;  v_t = beta2·v_{t−1} + (1 − beta2)·g_t²
            d_t = sqrt(v_t/(1 − beta2^t)) + eps
            θ_t = θ_{t−1} − lr·[(1 − μ_t)/(1 − Π_t)·g_t/d_t + μ_{t+1}/(1 − Π_t·μ_{t+1})·m_t/d_t]
            """,
        parameters: [
            .lr(2e-3), .beta1(0.9), .beta2(0.999), .eps(1e-8), .weightDecay(0),
            .init("momentum_decay", default: 4e-3, range: .nonNegative, "ψ of the momentum schedule μ_t"),
            .decoupledWeightDecay,
        ],
        recipe: { h in
            withWeightDecay(h, around: ScaleByNAdam(
                beta1: h.real("beta1"), beta2: h.real("beta2"), eps: h.real("eps"), momentumDecay: h.real("momentum_decay")))
        })

    static let radam = OptimizerSpec(
        name: "radam", summary: "rectified Adam: SGD with momentum until the adaptive rate's variance is tractable (Liu et al. 2020)",
        convention: "torch.optim.RAdam; threshold ρ_t > 5, eps added to sqrt(v_t) before the bias correction",
        formula: """
            g_t ← g_t + weight_decay·θ_{t−1}    (or θ decays as in adamw if decoupled_weight_decay)
            m_t, v_t as in adam;  m̂_t = m_t/(1 − beta1^t)
            ρ_∞ = 2/(1 − beta2) − 1;  ρ_t = ρ_∞ − 2t·beta2^t/(1 − beta2^t)
            θ_t = θ_{t−1} − lr·m̂_t·r_t·sqrt(1 − beta2^t)/(sqrt(v_t) + eps)   if ρ_t > 5
            θ_t = θ_{t−1} − lr·m̂_t                                          otherwise
            r_t = sqrt((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
            """,
        parameters: [.lr(1e-3), .beta1(0.9), .beta2(0.999), .eps(1e-8), .weightDecay(0), .decoupledWeightDecay],
        recipe: { h in
            withWeightDecay(h, around: ScaleByRAdam(beta1: h.real("beta1"), beta2: h.real("beta2"), eps: h.real("eps")))
        })

    static let adadelta = OptimizerSpec(
        name: "adadelta", summary: "steps as a ratio of running RMS of updates and gradients (Zeiler 2012)",
        convention: "torch.optim.Adadelta; keeps an lr (default 1.0) that the paper does not have",
        formula: """
            g_t ← g_t + weight_decay·θ_{t−1}
            v_t = rho·v_{t−1} + (1 − rho)·g_t²
            d_t = sqrt(a_{t−1} + eps)/sqrt(v_t + eps)·g_t
            a_t = rho·a_{t−1} + (1 − rho)·d_t²
            θ_t = θ_{t−1} − lr·d_t
            """,
        parameters: [
            .lr(1.0),
            .init("rho", default: 0.9, range: .unitClosed, "decay rate of both running averages"),
            .eps(1e-6),
            .weightDecay(0),
        ],
        recipe: { h in
            [
                AddWeightDecay(lambda: h.real("weight_decay")),
                ScaleByAdadelta(rho: h.real("rho"), eps: h.real("eps")),
                ScaleByLearningRate(),
            ]
        })

    static let lion = OptimizerSpec(
        name: "lion", summary: "sign of an interpolated momentum (Chen et al. 2023)",
        convention: "optax.lion (PyTorch has none): weight decay decoupled and multiplied by lr; defaults from optax, lr from the paper's advice",
        formula: """
            d_t = sign(beta1·m_{t−1} + (1 − beta1)·g_t)
            m_t = beta2·m_{t−1} + (1 − beta2)·g_t
            θ_t = θ_{t−1} − lr·(d_t + weight_decay·θ_{t−1})
            """,
        parameters: [
            .lr(1e-4),
            .init("beta1", default: 0.9, range: .unitClosed, "interpolation between momentum and gradient for the update"),
            .init("beta2", default: 0.99, range: .unitClosed, "decay rate of the momentum"),
            .weightDecay(1e-3, decoupled: true),
        ],
        recipe: { h in
            [
                ScaleByLion(beta1: h.real("beta1"), beta2: h.real("beta2")),
                DecoupledWeightDecay(lambda: h.real("weight_decay")),
                ScaleByLearningRate(),
            ]
        })
}

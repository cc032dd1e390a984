// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ISealRegistry
 * @notice Interface of the registry in which an issuing office anchors the Merkle roots of its
 * sealed extracts, and revokes whole batches or single extracts.
 * @dev Nothing personal ever reaches this contract: a root is a hash over salted seals, and a leaf
 * is `keccak256(keccak256(seal))`. Leaves are hashed twice so that an inner node of a tree can
 * never be presented as a leaf (see OpenZeppelin's {MerkleProof} warning about 64-byte leaves).
 *
 * Revocation reason codes: 1 issued in error, 2 superseded, 3 court order, 4 error in the data,
 * 5 other. Versions 2 and 3 of the registry accept no other code; version 1 (which has no
 * {version}) accepted any code from 1 to 255.
 *
 * Issuer authorisation (version 3): an account that loses the issuer role, however (revoked by
 * the admin, renounced by itself, {retireIssuer}), keeps every root anchored until then
 * authorised. Only {withdrawIssuer}, held by a timelock, can withdraw roots already anchored,
 * from a point in time on (a compromised key). In version 2 a plain revocation or a renunciation
 * of the issuer role withdrew every root of the account at once.
 */
interface ISealRegistry {
    /**
     * @notice Everything a verifier needs to know about one root and one leaf under it, read in
     * a single call.
     * @param issuer account that anchored the root; the zero address when the root is not anchored
     * @param anchoredAt block timestamp of the anchoring transaction (0 when not anchored)
     * @param rootRevokedAt block timestamp of the root's revocation (0 when not revoked)
     * @param rootRevocationReason reason code of the root's revocation (0 when not revoked)
     * @param leafRevokedAt block timestamp of the leaf's revocation (0 when not revoked)
     * @param leafRevocationReason reason code of the leaf's revocation (0 when not revoked)
     * @param issuerAuthorised whether the root counts as anchored by an authorised issuer: it was
     * anchored before the issuer's authorisation ended (see {isAuthorisedAnchor})
     * @param blockNumber number of the block the answer was read at
     * @param blockTimestamp timestamp of the block the answer was read at
     */
    struct SealStatus {
        address issuer;
        uint40 anchoredAt;
        uint40 rootRevokedAt;
        uint8 rootRevocationReason;
        uint40 leafRevokedAt;
        uint8 leafRevocationReason;
        bool issuerAuthorised;
        uint256 blockNumber;
        uint256 blockTimestamp;
    }

    /// @notice Emitted when `issuer` anchored `root`.
    event RootAnchored(bytes32 indexed root, address indexed issuer);

    /// @notice Emitted when `revoker` revoked the whole batch under `root` for `reason`.
    event RootRevoked(bytes32 indexed root, address indexed revoker, uint8 reason);

    /// @notice Emitted when `revoker` revoked the single extract `leaf` under `root` for `reason`.
    event LeafRevoked(bytes32 indexed root, bytes32 indexed leaf, address indexed revoker, uint8 reason);

    /**
     * @notice Emitted when `account` lost the issuer role while keeping its earlier anchors
     * authorised: retired or revoked by `admin`, or renounced (then `admin` is `account`).
     * Roots it anchored up to this block's time stay authorised.
     */
    event IssuerRetired(address indexed account, address indexed admin);

    /**
     * @notice Emitted when `withdrawer` withdrew the authorisation of every root `account`
     * anchored at or after `from` (a block timestamp): those roots verify as anchored by an
     * unauthorised account from now on; earlier ones stay authorised.
     */
    event IssuerWithdrawn(address indexed account, address indexed withdrawer, uint40 from);

    /// @notice The zero hash was given as a root or a leaf.
    error SealRegistryZeroHash();

    /// @notice `root` is already anchored; a root can be anchored once only.
    error SealRegistryRootAlreadyAnchored(bytes32 root);

    /// @notice `root` is not anchored in this registry.
    error SealRegistryRootNotAnchored(bytes32 root);

    /// @notice `hash` (a root or a leaf) is already revoked.
    error SealRegistryAlreadyRevoked(bytes32 hash);

    /// @notice A revocation needs a non-zero reason code.
    error SealRegistryInvalidReason();

    /// @notice `reason` is not one of the documented reason codes (1 to 5).
    error SealRegistryUnknownReason(uint8 reason);

    /// @notice {anchorRoots} was called with no root.
    error SealRegistryEmptyBatch();

    /// @notice `account` does not hold the issuer role, so it cannot be retired.
    error SealRegistryNotAnIssuer(address account);

    /**
     * @notice `account` lost the issuer role once and cannot get it back: its authorisation
     * only ever shrinks, so that no grant can make withdrawn roots valid again. Use a new key.
     */
    error SealRegistryIssuerEnded(address account);

    /// @notice A withdrawal must start at a time in the past or now, not at `from`.
    error SealRegistryWithdrawalInFuture(uint40 from);

    /// @notice A withdrawal must start at a non-zero time.
    error SealRegistryZeroTime();

    /// @notice The zero address was given where an account is needed.
    error SealRegistryZeroAddress();

    /**
     * @notice Anchors one Merkle root.
     * @dev Requires the issuer role. Reverts with {SealRegistryZeroHash} for the zero root and
     * with {SealRegistryRootAlreadyAnchored} when it is already anchored. Emits {RootAnchored}.
     * @param root Merkle root of a batch of seals
     */
    function anchor(bytes32 root) external;

    /**
     * @notice Anchors several Merkle roots in one transaction.
     * @dev Same requirements as {anchor} for every root; the whole call reverts if one root fails.
     * Emits one {RootAnchored} per root.
     * @param roots Merkle roots, none anchored before and none repeated
     */
    function anchorRoots(bytes32[] calldata roots) external;

    /**
     * @notice Revokes every extract under `root`.
     * @dev Requires the revoker role and an anchored root not revoked yet. Reverts with
     * {SealRegistryInvalidReason} for reason 0 and {SealRegistryUnknownReason} above 5.
     * Emits {RootRevoked}.
     * @param root anchored Merkle root
     * @param reason one of the documented reason codes, 1 to 5 (see above)
     */
    function revokeRoot(bytes32 root, uint8 reason) external;

    /**
     * @notice Revokes the single extract whose leaf is `leaf` under `root`.
     * @dev Requires the revoker role and a leaf not revoked yet. `root` is recorded in the event
     * for audit only: neither that it is anchored nor that `leaf` is under it is checked here
     * (that is the office's responsibility), which keeps this call under 50,000 gas. A leaf is
     * revoked wherever it appears; verifiers find a root's revoked leaves by the `root` topic of
     * {LeafRevoked}, so the office must give the leaf's own root. Reason codes as {revokeRoot}.
     * Emits {LeafRevoked}.
     * @param root Merkle root the leaf belongs to
     * @param leaf `keccak256(keccak256(seal))` of the extract
     * @param reason one of the documented reason codes, 1 to 5
     */
    function revokeLeaf(bytes32 root, bytes32 leaf, uint8 reason) external;

    /**
     * @notice Withdraws the issuer role from `account` for the future while its roots anchored
     * so far stay authorised (key rotation, or the first step after a key compromise). In
     * version 3 a plain {IAccessControl-revokeRole} or {IAccessControl-renounceRole} of the
     * issuer role does the same.
     * @dev Requires the admin role and an account holding the issuer role. Emits {IssuerRetired}
     * and {IAccessControl-RoleRevoked}.
     * @param account issuer account to retire
     */
    function retireIssuer(address account) external;

    /**
     * @notice Withdraws the authorisation of every root `account` anchored at or after `from`
     * (key compromise at time `from`): earlier roots stay authorised, later ones are not. Takes
     * the issuer role away when the account still holds it. A withdrawal only ever moves the end
     * of an account's authorisation earlier, never later.
     * @dev Requires the withdrawer role, which administers itself and is meant to be held by a
     * {TimelockController} only: changing past verdicts then waits for the timelock's delay, in
     * public, and can be cancelled. Reverts with {SealRegistryZeroTime} for `from` 0,
     * {SealRegistryWithdrawalInFuture} for a time after this block's and
     * {SealRegistryNotAnIssuer} for an account that never held the issuer role. Emits
     * {IssuerWithdrawn} (and {IAccessControl-RoleRevoked} when the role was held).
     * @param account issuer account whose roots to withdraw
     * @param from block timestamp from which on its roots are withdrawn
     */
    function withdrawIssuer(address account, uint40 from) external;

    /**
     * @notice Version of this registry's interface and rules: 3. Version 1 registries have no
     * such function (a call reverts) and accept any revocation reason from 1 to 255; version 2
     * has no {withdrawIssuer}, and there a revocation or renunciation of the issuer role
     * withdrew every root of the account.
     * @return the version number
     */
    function version() external pure returns (uint256);

    /**
     * @notice When the authorisation of `account` as an issuer ends.
     * @param account issuer account
     * @return from roots anchored at or after this block timestamp are not authorised; zero
     * while the account keeps the role (or never had it)
     */
    function authorisedBefore(address account) external view returns (uint40 from);

    /**
     * @notice Anchor facts of `root`.
     * @param root Merkle root
     * @return issuer account that anchored it, zero when not anchored
     * @return anchoredAt block timestamp of anchoring, zero when not anchored
     * @return revokedAt block timestamp of the root's revocation, zero when not revoked
     * @return reason reason code of the root's revocation, zero when not revoked
     */
    function rootInfo(bytes32 root)
        external
        view
        returns (address issuer, uint40 anchoredAt, uint40 revokedAt, uint8 reason);

    /**
     * @notice Revocation state of a single extract.
     * @param leaf `keccak256(keccak256(seal))` of the extract
     * @return revokedAt block timestamp of the revocation, zero when not revoked
     * @return reason reason code, zero when not revoked
     */
    function leafRevocation(bytes32 leaf) external view returns (uint40 revokedAt, uint8 reason);

    /**
     * @notice Whether the root anchored by `issuer` at `anchoredAt` is still authorised.
     * @param issuer anchoring account
     * @param anchoredAt anchoring timestamp
     * @return true when `anchoredAt` lies before the end of the authorisation of `issuer`
     * ({authorisedBefore}), or `issuer` holds the issuer role and it never ended
     */
    function isAuthorisedAnchor(address issuer, uint40 anchoredAt) external view returns (bool);

    /**
     * @notice Everything about `root` and `leaf` in one read, for verifiers.
     * @param root Merkle root named by the seal
     * @param leaf leaf of the seal
     * @return status see {SealStatus}
     */
    function sealStatus(bytes32 root, bytes32 leaf) external view returns (SealStatus memory status);

    /**
     * @notice Checks that the seal whose digest is `sealDigest` is under `root`.
     * @dev The leaf is computed here as `keccak256(sealDigest)`, so an inner node of the tree
     * cannot pass as a leaf. Pairs are hashed in sorted order, as OpenZeppelin's {MerkleProof}.
     * This checks the proof only; whether `root` is anchored is {rootInfo}'s answer.
     * @param root Merkle root
     * @param sealDigest `keccak256(seal)`
     * @param proof sibling hashes from the leaf up to the root
     * @return true when the proof leads from the leaf to `root`
     */
    function verify(bytes32 root, bytes32 sealDigest, bytes32[] calldata proof) external pure returns (bool);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ISealRegistry} from "./ISealRegistry.sol";

/**
 * @title SealRegistry
 * @notice Anchors the Merkle roots of an office's sealed extracts and records revocations.
 * @dev Roles (OpenZeppelin {AccessControlDefaultAdminRules}):
 * - `DEFAULT_ADMIN_ROLE` (one account) grants and revokes the issuer and revoker roles and
 *   retires issuers. Handing it over, or changing its delay, waits for the admin delay and is
 *   accepted by the new admin ({AccessControlDefaultAdminRules}).
 * - `ISSUER_ROLE` anchors roots;
 * - `REVOKER_ROLE` revokes roots and leaves;
 * - `WITHDRAWER_ROLE` withdraws roots already anchored ({withdrawIssuer}). It administers
 *   itself, so the admin cannot grant it; it is given at deployment to a {TimelockController},
 *   so that changing past verdicts waits for the timelock's delay, in public.
 *
 * Version 3 ({version}): losing the issuer role (revoked, renounced, retired) keeps the roots
 * anchored until then authorised, and a lost issuer role cannot be granted again; only the
 * withdrawer withdraws roots, from a point in time on. Version 2: a revocation names one of the
 * documented reason codes, 1 to 5.
 *
 * A root's facts fit in one storage slot (issuer, anchoring time, root revocation time and
 * reason), so anchoring costs one new slot and revoking a root rewrites a warm slot. Times are
 * block timestamps stored as `uint40`, which lasts until the year 36812.
 */
contract SealRegistry is AccessControlDefaultAdminRules, ISealRegistry {
    /// @notice Role allowed to anchor roots.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @notice Role allowed to revoke roots and leaves.
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");

    /// @notice Role allowed to withdraw anchored roots; meant for a {TimelockController} only.
    bytes32 public constant WITHDRAWER_ROLE = keccak256("WITHDRAWER_ROLE");

    /// @dev See {version}: 3 keeps history on role loss and withdraws from a point in time.
    uint256 private constant _VERSION = 3;

    /// @dev The highest documented revocation reason code (5, "other").
    uint8 private constant _LAST_REASON = 5;

    struct Anchor {
        address issuer;
        uint40 anchoredAt;
        uint40 revokedAt;
        uint8 reason;
    }

    struct Revocation {
        uint40 revokedAt;
        uint8 reason;
    }

    mapping(bytes32 root => Anchor) private _anchors;
    mapping(bytes32 leaf => Revocation) private _leafRevocations;
    /// @dev Roots an account anchored at or after this time are not authorised; 0: no end yet.
    mapping(address account => uint40) private _authorisedBefore;

    /**
     * @notice Creates the registry with `admin` as its only administrator and `withdrawer`
     * (a {TimelockController}) as the only account able to withdraw anchored roots.
     * @param adminDelay seconds a change of the admin (or of this delay) waits
     * @param admin account receiving `DEFAULT_ADMIN_ROLE`
     * @param withdrawer account receiving `WITHDRAWER_ROLE`, which administers itself
     */
    constructor(uint48 adminDelay, address admin, address withdrawer)
        AccessControlDefaultAdminRules(adminDelay, admin)
    {
        if (withdrawer == address(0)) revert SealRegistryZeroAddress();
        _setRoleAdmin(WITHDRAWER_ROLE, WITHDRAWER_ROLE);
        _grantRole(WITHDRAWER_ROLE, withdrawer);
    }

    /// @inheritdoc ISealRegistry
    function anchor(bytes32 root) external onlyRole(ISSUER_ROLE) {
        _anchor(root);
    }

    /// @inheritdoc ISealRegistry
    function anchorRoots(bytes32[] calldata roots) external onlyRole(ISSUER_ROLE) {
        uint256 count = roots.length;
        if (count == 0) revert SealRegistryEmptyBatch();
        for (uint256 i = 0; i < count; ++i) {
            _anchor(roots[i]);
        }
    }

    /// @inheritdoc ISealRegistry
    function revokeRoot(bytes32 root, uint8 reason) external onlyRole(REVOKER_ROLE) {
        _checkReason(reason);
        Anchor storage a = _anchors[root];
        if (a.anchoredAt == 0) revert SealRegistryRootNotAnchored(root);
        if (a.revokedAt != 0) revert SealRegistryAlreadyRevoked(root);
        a.revokedAt = uint40(block.timestamp);
        a.reason = reason;
        emit RootRevoked(root, _msgSender(), reason);
    }

    /// @inheritdoc ISealRegistry
    function revokeLeaf(bytes32 root, bytes32 leaf, uint8 reason) external onlyRole(REVOKER_ROLE) {
        _checkReason(reason);
        if (leaf == bytes32(0)) revert SealRegistryZeroHash();
        Revocation storage r = _leafRevocations[leaf];
        if (r.revokedAt != 0) revert SealRegistryAlreadyRevoked(leaf);
        r.revokedAt = uint40(block.timestamp);
        r.reason = reason;
        emit LeafRevoked(root, leaf, _msgSender(), reason);
    }

    /// @inheritdoc ISealRegistry
    function retireIssuer(address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!hasRole(ISSUER_ROLE, account)) revert SealRegistryNotAnIssuer(account);
        // _revokeRole records the end of the authorisation and emits IssuerRetired.
        _revokeRole(ISSUER_ROLE, account);
    }

    /// @inheritdoc ISealRegistry
    function withdrawIssuer(address account, uint40 from) external onlyRole(WITHDRAWER_ROLE) {
        if (from == 0) revert SealRegistryZeroTime();
        if (from > block.timestamp) revert SealRegistryWithdrawalInFuture(from);
        if (!hasRole(ISSUER_ROLE, account) && _authorisedBefore[account] == 0) {
            revert SealRegistryNotAnIssuer(account);
        }
        _revokeRole(ISSUER_ROLE, account);
        // Never later than an earlier end: a withdrawal cannot make withdrawn roots valid again.
        uint40 end = _authorisedBefore[account];
        if (from < end) {
            _authorisedBefore[account] = from;
            end = from;
        }
        emit IssuerWithdrawn(account, _msgSender(), end);
    }

    /// @inheritdoc ISealRegistry
    function version() external pure returns (uint256) {
        return _VERSION;
    }

    /// @inheritdoc ISealRegistry
    function authorisedBefore(address account) external view returns (uint40 from) {
        return _authorisedBefore[account];
    }

    /// @inheritdoc ISealRegistry
    function rootInfo(bytes32 root)
        external
        view
        returns (address issuer, uint40 anchoredAt, uint40 revokedAt, uint8 reason)
    {
        Anchor memory a = _anchors[root];
        return (a.issuer, a.anchoredAt, a.revokedAt, a.reason);
    }

    /// @inheritdoc ISealRegistry
    function leafRevocation(bytes32 leaf) external view returns (uint40 revokedAt, uint8 reason) {
        Revocation memory r = _leafRevocations[leaf];
        return (r.revokedAt, r.reason);
    }

    /// @inheritdoc ISealRegistry
    function isAuthorisedAnchor(address issuer, uint40 anchoredAt) public view returns (bool) {
        if (issuer == address(0)) return false;
        uint40 end = _authorisedBefore[issuer];
        if (end != 0) return anchoredAt < end;
        return hasRole(ISSUER_ROLE, issuer);
    }

    /// @inheritdoc ISealRegistry
    function sealStatus(bytes32 root, bytes32 leaf) external view returns (SealStatus memory status) {
        Anchor memory a = _anchors[root];
        Revocation memory r = _leafRevocations[leaf];
        status = SealStatus({
            issuer: a.issuer,
            anchoredAt: a.anchoredAt,
            rootRevokedAt: a.revokedAt,
            rootRevocationReason: a.reason,
            leafRevokedAt: r.revokedAt,
            leafRevocationReason: r.reason,
            issuerAuthorised: isAuthorisedAnchor(a.issuer, a.anchoredAt),
            blockNumber: block.number,
            blockTimestamp: block.timestamp
        });
    }

    /// @inheritdoc ISealRegistry
    function verify(bytes32 root, bytes32 sealDigest, bytes32[] calldata proof) external pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, root, keccak256(abi.encode(sealDigest)));
    }

    /**
     * @dev An account whose issuer authorisation ended never gets the role back: the end only
     * moves earlier, so no grant can make roots valid again that were withdrawn.
     */
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        if (role == ISSUER_ROLE && _authorisedBefore[account] != 0) revert SealRegistryIssuerEnded(account);
        granted = super._grantRole(role, account);
    }

    /**
     * @dev Every loss of the issuer role (revoked, renounced, retired) ends the authorisation
     * after this block: roots anchored so far stay authorised, so neither the admin nor the
     * issuer itself can void the account's history at once.
     */
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == ISSUER_ROLE) {
            _authorisedBefore[account] = uint40(block.timestamp) + 1;
            emit IssuerRetired(account, _msgSender());
        }
    }

    /// @dev Reverts unless `reason` is a documented reason code.
    function _checkReason(uint8 reason) private pure {
        if (reason == 0) revert SealRegistryInvalidReason();
        if (reason > _LAST_REASON) revert SealRegistryUnknownReason(reason);
    }

    function _anchor(bytes32 root) private {
        if (root == bytes32(0)) revert SealRegistryZeroHash();
        Anchor storage a = _anchors[root];
        if (a.anchoredAt != 0) revert SealRegistryRootAlreadyAnchored(root);
        address issuer = _msgSender();
        // uint40 seconds last until the year 36812; the cast cannot truncate before then.
        a.issuer = issuer;
        a.anchoredAt = uint40(block.timestamp);
        emit RootAnchored(root, issuer);
    }
}

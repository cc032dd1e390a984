// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ISealRegistry} from "./ISealRegistry.sol";

/**
 * @title SealRegistry
 * @notice Anchors the Merkle roots of an office's sealed extracts and records revocations.
 * @dev Roles (OpenZeppelin {AccessControl}):
 * - `DEFAULT_ADMIN_ROLE` grants and revokes the other roles and retires issuers;
 * - `ISSUER_ROLE` anchors roots;
 * - `REVOKER_ROLE` revokes roots and leaves.
 *
 * Version 2 ({version}): a revocation names one of the documented reason codes, 1 to 5.
 *
 * A root's facts fit in one storage slot (issuer, anchoring time, root revocation time and
 * reason), so anchoring costs one new slot and revoking a root rewrites a warm slot. Times are
 * block timestamps stored as `uint40`, which lasts until the year 36812.
 */
contract SealRegistry is AccessControl, ISealRegistry {
    /// @notice Role allowed to anchor roots.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @notice Role allowed to revoke roots and leaves.
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");

    /// @dev See {version}: 2 restricts revocation reasons to the documented codes.
    uint256 private constant _VERSION = 2;

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
    mapping(address account => uint40) private _retiredAt;

    /**
     * @notice Creates the registry with `admin` as its only administrator.
     * @param admin account receiving `DEFAULT_ADMIN_ROLE`
     */
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
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
        _revokeRole(ISSUER_ROLE, account);
        // Written after _revokeRole, which clears it: this revocation is a retirement.
        _retiredAt[account] = uint40(block.timestamp);
        emit IssuerRetired(account, _msgSender());
    }

    /// @inheritdoc ISealRegistry
    function version() external pure returns (uint256) {
        return _VERSION;
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
        if (hasRole(ISSUER_ROLE, issuer)) return true;
        uint40 retiredAt = _retiredAt[issuer];
        return retiredAt != 0 && anchoredAt <= retiredAt;
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
     * @dev Granting the issuer role again ends a retirement, so that a later plain revocation
     * withdraws every root of the account, as documented in {retireIssuer}.
     */
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == ISSUER_ROLE) delete _retiredAt[account];
    }

    /**
     * @dev Any loss of the issuer role other than {retireIssuer} (a plain revocation or a
     * renunciation) is a withdrawal: it clears an earlier retirement time.
     */
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == ISSUER_ROLE) delete _retiredAt[account];
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
